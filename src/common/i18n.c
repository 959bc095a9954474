/*
 * i18n.c - set up gettext for obrol's programs.
 */
#include "i18n.h"

#include <langinfo.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

/* True if `dir` holds a catalog of ours for at least one language. */
static bool i18n_has_catalogs(const char *dir)
{
    char path[PATH_MAX];

    int len = snprintf(path, sizeof(path), "%s/id/LC_MESSAGES/%s.mo", dir, I18N_DOMAIN);
    return len > 0 && (size_t)len < sizeof(path) && access(path, R_OK) == 0;
}

/*
 * Where the translations are. An installed program finds them beside itself
 * (PREFIX/bin/../share/locale); a freshly built one in the build tree
 * (bin/../build/locale, or build/asan/bin/../../locale); OBROL_LOCALEDIR
 * overrides both; the compiled-in LOCALEDIR is the last resort.
 */
static const char *i18n_locale_dir(void)
{
    static const char *const relative[] = {"../share/locale", "../build/locale", "../../locale"};
    char exe[PATH_MAX];
    const char *override = getenv("OBROL_LOCALEDIR");

    if (override != NULL && override[0] != '\0')
        return override;
    ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (len > 0) {
        exe[len] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash != NULL)
            *slash = '\0';
        for (size_t i = 0; i < sizeof(relative) / sizeof(relative[0]); i++) {
            static char found[PATH_MAX]; /* static: returned to the caller */
            int n = snprintf(found, sizeof(found), "%s/%s", exe, relative[i]);
            if (n > 0 && (size_t)n < sizeof(found) && i18n_has_catalogs(found))
                return found;
        }
    }
    return LOCALEDIR;
}

/*
 * LANG=id_ID.UTF-8 on a machine without that locale: setlocale() fails and
 * gettext would fall back to English. Pass the language on through LANGUAGE
 * (unless the user set that), which works with any installed locale.
 */
static void i18n_language_from_environment(void)
{
    static const char *const variables[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    char language[32];

    if (getenv("LANGUAGE") != NULL && getenv("LANGUAGE")[0] != '\0')
        return;
    for (size_t i = 0; i < sizeof(variables) / sizeof(variables[0]); i++) {
        const char *value = getenv(variables[i]);
        if (value == NULL || value[0] == '\0')
            continue;
        size_t len = strcspn(value, ".@"); /* "id_ID.UTF-8" -> "id_ID" */
        if (len == 0 || len >= sizeof(language))
            return;
        memcpy(language, value, len);
        language[len] = '\0';
        if (strcmp(language, "C") != 0 && strcmp(language, "POSIX") != 0)
            setenv("LANGUAGE", language, 1);
        return;
    }
}

void i18n_init(const char *language)
{
    /* LANGUAGE is gettext's own list of preferred languages; it wins over LANG. */
    if (language != NULL)
        setenv("LANGUAGE", language, 1);
    if (setlocale(LC_ALL, "") == NULL) {
        /* The named locale (say id_ID.UTF-8) is not installed: fall back to one
         * that is, keeping UTF-8, and keep its language for the messages. */
        i18n_language_from_environment();
        if (setlocale(LC_ALL, "C.UTF-8") == NULL)
            setlocale(LC_ALL, "C");
    }
    /* obrol reads and writes UTF-8. Where the locale is plain "C" (LANG unset,
     * as in many scripts and CI machines), use C.UTF-8 for characters. */
    const char *codeset = nl_langinfo(CODESET);
    if (codeset == NULL || strcmp(codeset, "UTF-8") != 0)
        setlocale(LC_CTYPE, "C.UTF-8");
    /* gettext ignores LANGUAGE (and so --lang) while messages are in the "C"
     * locale; C.UTF-8 is English too but lets LANGUAGE=id choose Indonesian,
     * also on machines with no id_ID locale installed. */
    const char *messages = setlocale(LC_MESSAGES, NULL);
    if (messages == NULL || strcmp(messages, "C") == 0 || strcmp(messages, "POSIX") == 0)
        setlocale(LC_MESSAGES, "C.UTF-8");
    /* Numbers in the protocol must never depend on the reader's language. */
    setlocale(LC_NUMERIC, "C");
    bindtextdomain(I18N_DOMAIN, i18n_locale_dir());
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
