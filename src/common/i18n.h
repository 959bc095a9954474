/*
 * i18n.h - translation of user-visible text (GNU gettext, domain "obrol").
 *
 * Every sentence a person reads goes through _() so that a translator can give
 * it in another language without touching the code. N_() marks a string for
 * translation where it is stored (in a table) and translated later.
 */
#ifndef OBROL_I18N_H
#define OBROL_I18N_H

#include <libintl.h>

#define _(text) gettext(text)
#define N_(text) (text)

/* The text domain: the name of the catalog file (obrol.mo). */
#define I18N_DOMAIN "obrol"

/*
 * Set the locale from the environment (LANG, LC_ALL, LANGUAGE) and tell gettext
 * where the catalogs are. `language`, when not NULL, overrides the environment
 * ("en", "id"). Call once at the start of main().
 */
void i18n_init(const char *language);

/*
 * The value of --lang LANG or --lang=LANG in argv, or NULL. Looked up before the
 * options are parsed, so that --help and option errors are already translated.
 */
const char *i18n_language_option(int argc, char **argv);

#endif
