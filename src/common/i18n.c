/*
 * i18n.c - set up gettext for obrol's programs.
 */
#include "i18n.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

void i18n_init(const char *language)
{
    /* LANGUAGE is gettext's own list of preferred languages; it wins over LANG. */
    if (language != NULL)
        setenv("LANGUAGE", language, 1);
    if (setlocale(LC_ALL, "") == NULL) {
        /* The named locale is not installed: fall back to one that is, keeping UTF-8. */
        if (setlocale(LC_ALL, "C.UTF-8") == NULL)
            setlocale(LC_ALL, "C");
    }
    /* Numbers in the protocol must never depend on the reader's language. */
    setlocale(LC_NUMERIC, "C");
    bindtextdomain(I18N_DOMAIN, LOCALEDIR);
    bind_textdomain_codeset(I18N_DOMAIN, "UTF-8");
    textdomain(I18N_DOMAIN);
}

const char *i18n_language_option(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
            return argv[i + 1];
        if (strncmp(argv[i], "--lang=", 7) == 0)
            return argv[i] + 7;
    }
    return NULL;
}
