/*
 * svg.c - --export svg: the sequence diagram, drawn by hand as a standalone SVG.
 *
 * No library: a column per participant (the server first), a lifeline under
 * each, one row per arrow, every text XML-escaped. It prints on one page per
 * screenful; a browser or Inkscape opens it.
 */
#include "replay.h"

#include "i18n.h"

#include <string.h>

#define SVG_COLUMN 190 /* pixels between lifelines */
#define SVG_ROW 26     /* pixels between arrows */
#define SVG_TOP 70     /* the title and the participants' boxes */
#define SVG_ARROWS_MAX 2000

/* Text in XML: & < > " ' as entities (the text is sanitised UTF-8: no control characters). */
static void svg_text(const char *text, FILE *out)
{
    for (; *text != '\0'; text++) {
        switch (*text) {
        case '&':
            fputs("&amp;", out);
            break;
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        case '\'':
            fputs("&apos;", out);
            break;
        default:
            fputc(*text, out);
        }
    }
}

static int svg_x(size_t column)
{
    return 100 + (int)column * SVG_COLUMN;
}

static void svg_head(const struct replay_exchange *exchange, size_t rows, const char *name,
                     FILE *out)
{
    int width = svg_x(exchange->participant_count + 1) - 40;
    int height = SVG_TOP + (int)(rows + 2) * SVG_ROW;

    fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                 "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                 "viewBox=\"0 0 %d %d\" font-family=\"monospace\" font-size=\"12\">\n",
            width, height, width, height);
    fprintf(out, "<defs><marker id=\"head\" markerWidth=\"10\" markerHeight=\"8\" refX=\"9\" "
                 "refY=\"4\" orient=\"auto\"><path d=\"M0,0 L10,4 L0,8 z\"/></marker></defs>\n"
                 "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n<title>");
    svg_text(name, out);
    fprintf(out, "</title>\n<text x=\"10\" y=\"20\" font-size=\"14\">");
    svg_text(name, out);
    fprintf(out, "</text>\n");
    for (size_t column = 0; column <= exchange->participant_count; column++) {
        char label[80];
        if (column == 0)
            snprintf(label, sizeof(label), "obrol-server");
        else if (exchange->participants[column - 1].fd < 0) /* a client's own trace */
            snprintf(label, sizeof(label), "%s", exchange->participants[column - 1].nick);
        else
            snprintf(label, sizeof(label), "%s (fd %d)", exchange->participants[column - 1].nick,
                     exchange->participants[column - 1].fd);
        fprintf(out, "<rect x=\"%d\" y=\"32\" width=\"170\" height=\"24\" fill=\"#eef\" "
                     "stroke=\"black\"/>\n<text x=\"%d\" y=\"48\" text-anchor=\"middle\">",
                svg_x(column) - 85, svg_x(column));
        svg_text(label, out);
        fprintf(out, "</text>\n<line x1=\"%d\" y1=\"56\" x2=\"%d\" y2=\"%d\" stroke=\"gray\" "
                     "stroke-dasharray=\"4 3\"/>\n",
                svg_x(column), svg_x(column), height - 10);
    }
}

static void svg_arrow(const struct replay_exchange *exchange, const struct replay_arrow *arrow,
                      int y, FILE *out)
{
    int client = svg_x(arrow->participant + 1), server = svg_x(0);
    int from = arrow->kind == REPLAY_TO_SERVER ? client : server;
    int to = arrow->kind == REPLAY_TO_SERVER ? server : client;

    if (arrow->kind == REPLAY_CONNECTED || arrow->kind == REPLAY_LEFT) {
        char note[REPLAY_TEXT_MAX];
        snprintf(note, sizeof(note),
                 arrow->kind == REPLAY_CONNECTED ? _("accept() = fd %d") : _("close(fd %d)"),
                 exchange->participants[arrow->participant].fd);
        if (arrow->text[0] != '\0') /* a client's trace says its own connect() */
            snprintf(note, sizeof(note), "%s", arrow->text);
        fprintf(out, "<text x=\"%d\" y=\"%d\" fill=\"#060\" font-style=\"italic\">",
                server + 8, y);
        svg_text(note, out);
        fprintf(out, "</text>\n");
        return;
    }
    fprintf(out, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\" "
                 "marker-end=\"url(#head)\"/>\n",
            from, y + 4, to, y + 4);
    fprintf(out, "<text x=\"%d\" y=\"%d\"><tspan fill=\"gray\">%lu </tspan>",
            (from < to ? from : to) + 8, y, arrow->step);
    svg_text(arrow->text, out);
    fprintf(out, "</text>\n");
}

/* The rows: one per arrow, at most SVG_ARROWS_MAX, then how many were left out. */
static void svg_rows(const struct replay_exchange *exchange, size_t rows, FILE *out)
{
    for (size_t a = 0; a < rows; a++)
        svg_arrow(exchange, &exchange->arrows[a], SVG_TOP + (int)(a + 1) * SVG_ROW, out);
    if (exchange->arrow_count > rows) {
        fprintf(out, "<text x=\"10\" y=\"%d\">", SVG_TOP + (int)(rows + 1) * SVG_ROW);
        fprintf(out, _("... %zu more (a shorter diagram: --from, --to)"),
                exchange->arrow_count - rows);
        fprintf(out, "</text>\n");
    }
}

bool replay_export_svg(const struct trace *trace, const struct replay_range *range,
                       const char *name, FILE *out)
{
    struct replay_exchange exchange;

    if (!replay_exchange_build(trace, range, &exchange))
        return false;
    size_t rows = exchange.arrow_count < SVG_ARROWS_MAX ? exchange.arrow_count : SVG_ARROWS_MAX;
    svg_head(&exchange, rows + (exchange.arrow_count > rows), name, out);
    svg_rows(&exchange, rows, out);
    fprintf(out, "</svg>\n");
    replay_exchange_free(&exchange);
    return !ferror(out);
}
