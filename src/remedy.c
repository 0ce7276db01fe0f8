/* remedy.c — see remedy.h. */
#include "remedy.h"

#include <stdio.h>
#include <string.h>

static bool remedy_screens;

void
remedy_use_screens(void)
{
    remedy_screens = true;
}

bool
remedy_for_screens(void)
{
    return remedy_screens;
}

const char *
remedy_shell_word(const char *word, char *buf, size_t len)
{
    static const char safe[] = "-_.,:/@%+=";
    if (len == 0)
        return buf;
    if (word == NULL)
        word = "";
    bool plain = word[0] != '\0';
    for (const char *p = word; *p != '\0' && plain; p++) {
        unsigned char c = (unsigned char)*p;
        plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                (c >= '0' && c <= '9') || strchr(safe, c) != NULL;
    }
    if (plain) {
        snprintf(buf, len, "%s", word);
        return buf;
    }
    size_t n = 0;
    buf[n++] = '\'';
    for (const char *p = word; *p != '\0' && n + 5 < len; p++) {
        if (*p == '\'') {
            memcpy(buf + n, "'\\''", 4);
            n += 4;
        } else {
            buf[n++] = *p;
        }
    }
    if (n + 1 < len)
        buf[n++] = '\'';
    buf[n < len ? n : len - 1] = '\0';
    return buf;
}

const char *
remedy_say(char *buf, size_t len, const char *name, const char *cli,
           const char *screen)
{
    if (len == 0)
        return buf;
    if (remedy_screens) {
        snprintf(buf, len, "%s", screen);
        return buf;
    }
    char word[256];
    remedy_shell_word(name, word, sizeof word);
    if (name == NULL)
        snprintf(word, sizeof word, "NAME");
    size_t n = 0;
    buf[0] = '\0';
    for (const char *p = cli; *p != '\0' && n + 1 < len;) {
        bool at_word = strncmp(p, "NAME", 4) == 0 &&
                       (p == cli || p[-1] == ' ') &&
                       (p[4] == '\0' || p[4] == ' ');
        const char *piece = at_word ? word : p;
        size_t plen = at_word ? strlen(word) : 1;
        if (n + plen >= len)
            break;
        memcpy(buf + n, piece, plen);
        n += plen;
        p += at_word ? 4 : 1;
    }
    buf[n] = '\0';
    return buf;
}
