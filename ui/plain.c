/* plain.c — see plain.h. */
#include "plain.h"

#include <curses.h>
#include <stdio.h>
#include <termios.h>
#include <unistd.h>

/* Write s to stdout, control bytes as '?'. */
static void
plain_write(const char *s)
{
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        fputc(c < 0x20 || c == 0x7f ? '?' : c, stdout);
    }
}

/* Wait for one key on the terminal, and swallow the rest of its bytes
 * (an escape sequence), with the terminal raw for the while. */
static void
plain_wait_key(void)
{
    struct termios old, raw;
    if (tcgetattr(STDIN_FILENO, &old) != 0)
        return;
    raw = old;
    raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    tcsetattr(STDIN_FILENO, TCSANOW, &raw);
    char c;
    if (read(STDIN_FILENO, &c, 1) == 1) {
        raw.c_cc[VMIN] = 0;
        raw.c_cc[VTIME] = 1; /* the rest of a sequence comes at once */
        tcsetattr(STDIN_FILENO, TCSANOW, &raw);
        char rest[32];
        while (read(STDIN_FILENO, rest, sizeof rest) > 0)
            ;
    }
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
}

void
plain_show(const char *text, const char *footer)
{
    def_prog_mode();
    endwin();
    /* The alternate screen, cleared, the cursor home, autowrap on. */
    fputs("\033[?1049h\033[?7h\033[H\033[2J", stdout);
    plain_write(text);
    fputs("\r\n\r\n", stdout);
    plain_write(footer);
    fflush(stdout);
    plain_wait_key();
    reset_prog_mode();
    fputs("\033[?2004h", stdout); /* bracketed paste again */
    fflush(stdout);
    clearok(curscr, TRUE);
    refresh();
}
