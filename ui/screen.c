/* screen.c — see screen.h. */
#include "screen.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "clock.h"
#include "text.h"

#define SCREEN_PASTE_BEGIN (KEY_MAX + 2)
#define SCREEN_PASTE_END (KEY_MAX + 3)
#define SCREEN_PASTE_MAX (1024 * 1024)
#define SCREEN_MSG_SECONDS 5

/* The signal that asked the loop to stop. A handler can only set a flag of
 * this type, so this is the one piece of state outside struct screen. */
static volatile sig_atomic_t screen_stop_signal;

static void
screen_on_signal(int sig)
{
    screen_stop_signal = sig;
}

static void
screen_signals(bool install)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = install ? screen_on_signal : SIG_DFL;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

static void
screen_term_write(const char *seq)
{
    fputs(seq, stdout);
    fflush(stdout);
}

static bool
screen_start(void)
{
    /* Only the character type: numbers and messages stay in C. */
    setlocale(LC_CTYPE, "");
    if (initscr() == NULL)
        return false;
    cbreak();
    noecho();
    nonl();
    /* Ctrl-S and Ctrl-Q are keys (Ctrl-S saves a request), not flow
     * control; recorded as the program's mode for after an $EDITOR. */
    struct termios tio;
    if (tcgetattr(STDIN_FILENO, &tio) == 0) {
        tio.c_iflag &= ~(tcflag_t)IXON;
        if (tcsetattr(STDIN_FILENO, TCSANOW, &tio) == 0)
            def_prog_mode();
    }
    keypad(stdscr, TRUE);
    set_escdelay(25);
    theme_init();
    define_key("\033[200~", SCREEN_PASTE_BEGIN);
    define_key("\033[201~", SCREEN_PASTE_END);
    screen_term_write("\033[?2004h");
    return true;
}

static void
screen_stop(void)
{
    screen_term_write("\033[?2004l");
    curs_set(1);
    endwin();
}

bool
screen_push(struct screen *s, struct view *v)
{
    if (s->nviews >= SCREEN_MAX_VIEWS) {
        v->ops->free(v);
        return false;
    }
    s->views[s->nviews++] = v;
    return true;
}

void
screen_pop(struct screen *s)
{
    if (s->nviews == 0)
        return;
    struct view *v = s->views[--s->nviews];
    v->ops->free(v);
    if (s->nviews > 0) {
        struct view *top = s->views[s->nviews - 1];
        if (top->ops->resume != NULL)
            top->ops->resume(top, s);
    }
}

void
screen_msg(struct screen *s, enum screen_msg kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->msg, sizeof s->msg, fmt, ap);
    va_end(ap);
    s->msg_kind = kind;
    s->msg_until = time(NULL) + SCREEN_MSG_SECONDS;
}

void
screen_cursor(struct screen *s, int y, int x)
{
    s->cur_y = y;
    s->cur_x = x;
}

const char *
screen_spinner(const struct screen *s)
{
    const struct theme_glyphs *g = theme_glyphs();
    return g->spinner[s->frame % (unsigned)g->spinner_frames];
}

void
screen_copy(struct screen *s, const char *text)
{
    size_t n = strlen(text);
    size_t b64len =
        sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL);
    char *b64 = malloc(b64len);
    if (b64 == NULL) {
        screen_msg(s, MSG_ERROR, "Out of memory.");
        return;
    }
    sodium_bin2base64(b64, b64len, (const unsigned char *)text, n,
                      sodium_base64_VARIANT_ORIGINAL);
    fputs("\033]52;c;", stdout);
    fputs(b64, stdout);
    fputs("\a", stdout);
    fflush(stdout);
    free(b64);
    screen_msg(s, MSG_OK, "Copied to the clipboard (OSC 52).");
}

int
screen_cp_cols(uint32_t cp)
{
    return text_is_control(cp) ? 1 : text_cp_width(cp);
}

size_t
screen_cluster(const char *s, size_t n, int *cols,
               wchar_t wc[SCREEN_CLUSTER_MAX], size_t *nwc)
{
    int ccols;
    size_t len = text_cluster(s, n, &ccols);
    *nwc = 0;
    *cols = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = text_decode_lossy(s + i, len - i, &cp);
        if (text_is_control(cp))
            cp = '?';
        if (*nwc == SCREEN_CLUSTER_MAX)
            return i; /* the rest is drawn as the next cluster */
        wc[(*nwc)++] = (wchar_t)cp;
        *cols += screen_cp_cols(cp);
        i += k;
    }
    return len;
}

int
screen_width(const char *utf8)
{
    int w = 0;
    size_t n = utf8 ? strlen(utf8) : 0;
    for (size_t i = 0; i < n;) {
        int cols;
        wchar_t wc[SCREEN_CLUSTER_MAX];
        size_t nwc;
        i += screen_cluster(utf8 + i, n - i, &cols, wc, &nwc);
        w += cols;
    }
    return w;
}

int
screen_text(int y, int x, int w, attr_t a, const char *utf8)
{
    if (w <= 0 || y < 0 || y >= LINES)
        return 0;
    if (x + w > COLS)
        w = COLS - x;
    bool fits = screen_width(utf8) <= w;
    const char *ell = theme_glyphs()->ellipsis;
    int room = fits ? w : w - screen_width(ell);
    int used = 0;
    size_t n = strlen(utf8);

    attrset(a);
    for (size_t i = 0; i < n;) {
        int cw;
        wchar_t wc[SCREEN_CLUSTER_MAX];
        size_t nwc;
        size_t k = screen_cluster(utf8 + i, n - i, &cw, wc, &nwc);
        if (used + cw > room)
            break;
        if (i == 0)
            move(y, x);
        addnwstr(wc, (int)nwc);
        used += cw;
        i += k;
    }
    if (!fits && room >= 0) {
        if (used == 0)
            move(y, x);
        addstr(ell);
        used += screen_width(ell);
    }
    attrset(A_NORMAL);
    return used;
}

void
screen_fill(int y, int x, int w, attr_t a)
{
    if (y < 0 || y >= LINES || w <= 0)
        return;
    if (x + w > COLS)
        w = COLS - x;
    attrset(a);
    mvhline(y, x, ' ', w);
    attrset(A_NORMAL);
}

void
screen_box(int y, int x, int h, int w, const char *title)
{
    const struct theme_glyphs *g = theme_glyphs();
    attr_t a = theme_attr(TC_BORDER);
    for (int i = 0; i < h; i++)
        screen_fill(y + i, x, w, A_NORMAL);
    attrset(a);
    for (int i = 1; i < w - 1; i++) {
        mvaddstr(y, x + i, g->hline);
        mvaddstr(y + h - 1, x + i, g->hline);
    }
    for (int i = 1; i < h - 1; i++) {
        mvaddstr(y + i, x, g->vline);
        mvaddstr(y + i, x + w - 1, g->vline);
    }
    mvaddstr(y, x, g->tl);
    mvaddstr(y, x + w - 1, g->tr);
    mvaddstr(y + h - 1, x, g->bl);
    mvaddstr(y + h - 1, x + w - 1, g->br);
    attrset(A_NORMAL);
    if (title != NULL && title[0] != '\0') {
        screen_text(y, x + 2, 1, a, " ");
        int used = screen_text(y, x + 3, w - 6, theme_attr(TC_TITLE), title);
        screen_text(y, x + 3 + used, 1, a, " ");
    }
}

/* Word-wrap; draws only when `draw`, the first `skip` lines left out.
 * Returns the lines used (the skipped ones not counted). */
static int
screen_wrap_lines(int y, int x, int w, int h, attr_t a, const char *text,
                  bool draw, int skip)
{
    int line = -skip;
    const char *p = text, *end = text + strlen(text);
    char buf[1024];

    while (*p != '\0' && line < h) {
        /* Take words while they fit in w columns. */
        const char *start = p, *cut = NULL;
        int cols = 0;
        while (*p != '\0' && *p != '\n') {
            int cw;
            wchar_t wc[SCREEN_CLUSTER_MAX];
            size_t nwc;
            size_t n = screen_cluster(p, (size_t)(end - p), &cw, wc, &nwc);
            if (cols + cw > w)
                break;
            cols += cw;
            p += n;
            if (*(p - n) == ' ')
                cut = p;
        }
        if (*p != '\0' && *p != '\n' && cut != NULL)
            p = cut;
        size_t len = (size_t)(p - start);
        if (len >= sizeof buf)
            len = sizeof buf - 1;
        memcpy(buf, start, len);
        buf[len] = '\0';
        if (draw && line >= 0)
            screen_text(y + line, x, w, a, buf);
        line++;
        if (*p == '\n')
            p++;
        while (*p == ' ')
            p++;
    }
    return line > 0 ? line : 0;
}

int
screen_wrap(int y, int x, int w, int h, attr_t a, const char *text)
{
    return screen_wrap_lines(y, x, w, h, a, text, true, 0);
}

int
screen_wrap_from(int y, int x, int w, int h, attr_t a, const char *text,
                 int skip)
{
    return screen_wrap_lines(y, x, w, h, a, text, true, skip);
}

int
screen_wrap_count(int w, const char *text)
{
    return screen_wrap_lines(0, 0, w, 1000, A_NORMAL, text, false, 0);
}

void
screen_ago(time_t when, char *buf, size_t len)
{
    if (when == 0) {
        snprintf(buf, len, "never");
        return;
    }
    long d = (long)(clock_now() - when);
    if (d < 0)
        d = 0;
    if (d < 60)
        snprintf(buf, len, "%lds ago", d);
    else if (d < 3600)
        snprintf(buf, len, "%ldm ago", d / 60);
    else if (d < 86400)
        snprintf(buf, len, "%ldh ago", d / 3600);
    else
        snprintf(buf, len, "%ldd ago", d / 86400);
}

static void
screen_draw(struct screen *s)
{
    erase();
    getmaxyx(stdscr, s->rows, s->cols);
    s->cur_y = s->cur_x = -1;
    if (s->cols < SCREEN_MIN_COLS || s->rows < SCREEN_MIN_ROWS) {
        char buf[96];
        snprintf(buf, sizeof buf, "terminal too small (need %dx%d)",
                 SCREEN_MIN_COLS, SCREEN_MIN_ROWS);
        int w = screen_width(buf);
        screen_text(s->rows / 2, w < s->cols ? (s->cols - w) / 2 : 0, s->cols,
                    theme_attr(TC_WARNING), buf);
    } else if (s->nviews > 0) {
        struct view *top = s->views[s->nviews - 1];
        top->ops->draw(top, s);
        if (s->msg[0] != '\0' && time(NULL) < s->msg_until) {
            enum theme_colour c = s->msg_kind == MSG_ERROR ? TC_ERROR
                                  : s->msg_kind == MSG_OK  ? TC_OK
                                                           : TC_INFO;
            screen_fill(s->rows - 2, 0, s->cols, A_NORMAL);
            screen_text(s->rows - 2, 1, s->cols - 2, theme_attr(c), s->msg);
        }
    }
    if (s->cur_y >= 0) {
        curs_set(1);
        move(s->cur_y, s->cur_x);
    } else {
        curs_set(0);
    }
    refresh();
}

/* Read a bracketed paste up to its end marker into s->paste. */
static void
screen_read_paste(struct screen *s)
{
    size_t len = 0, cap = 256;
    char *buf = malloc(cap);
    if (buf == NULL)
        return;
    timeout(1000);
    for (;;) {
        wint_t wc;
        int r = get_wch(&wc);
        if (r == ERR || (r == KEY_CODE_YES && wc == SCREEN_PASTE_END))
            break;
        if (r == KEY_CODE_YES)
            continue;
        if (len + 5 > cap && cap < SCREEN_PASTE_MAX) {
            char *grown = malloc(cap * 2);
            if (grown == NULL)
                break;
            memcpy(grown, buf, len);
            sodium_memzero(buf, cap);
            free(buf);
            buf = grown;
            cap *= 2;
        }
        if (len + 5 > cap)
            continue;
        len += text_encode((uint32_t)wc, buf + len);
    }
    buf[len] = '\0';
    if (s->paste != NULL) {
        sodium_memzero(s->paste, strlen(s->paste));
        free(s->paste);
    }
    s->paste = buf;
}

/* Turn what get_wch returned into a ui key; 0 for nothing. */
static int
screen_translate(int r, wint_t wc)
{
    if (r == KEY_CODE_YES) {
        switch (wc) {
        case KEY_ENTER:
            return UK_ENTER;
        case KEY_BACKSPACE:
            return UK_BACKSPACE;
        default:
            return UK_FN + (int)wc;
        }
    }
    switch (wc) {
    case '\r':
        return UK_ENTER;
    case 127:
    case 8:
        return UK_BACKSPACE;
    default:
        return (int)wc;
    }
}

static void
screen_tick(struct screen *s, bool *dirty)
{
    s->frame++;
    if (s->nviews > 0) {
        struct view *top = s->views[s->nviews - 1];
        if (top->ops->tick != NULL && top->ops->tick(top, s))
            *dirty = true;
    }
    if (s->msg[0] != '\0' && time(NULL) >= s->msg_until) {
        s->msg[0] = '\0';
        *dirty = true;
    }
}

static bool
screen_busy(const struct screen *s)
{
    if (s->nviews == 0)
        return false;
    const struct view *top = s->views[s->nviews - 1];
    return top->ops->busy != NULL && top->ops->busy(top);
}

static bool
screen_pending(const struct screen *s)
{
    if (s->nviews == 0)
        return false;
    const struct view *top = s->views[s->nviews - 1];
    return top->ops->pending != NULL && top->ops->pending(top);
}

/* screen_run()'s `first`, carried through screen_run_arg(). */
struct screen_first {
    struct view *(*fn)(struct screen *s);
};

static struct view *
screen_first_plain(struct screen *s, void *arg)
{
    const struct screen_first *f = arg;
    return f->fn(s);
}

int
screen_run(struct store *st, struct view *(*first)(struct screen *s))
{
    struct screen_first f = {first};
    return screen_run_arg(st, screen_first_plain, &f);
}

int
screen_run_arg(struct store *st,
               struct view *(*first)(struct screen *s, void *arg), void *arg)
{
    struct screen s;
    memset(&s, 0, sizeof s);
    s.store = st;
    screen_stop_signal = 0;

    if (!screen_start()) {
        fprintf(stderr, "tether: cannot start the screen (TERM=%s)\n",
                getenv("TERM") ? getenv("TERM") : "");
        return 1;
    }
    screen_signals(true);
    getmaxyx(stdscr, s.rows, s.cols);
    struct view *v = first(&s, arg);
    if (v != NULL)
        screen_push(&s, v);

    bool dirty = true;
    while (s.nviews > 0 && !s.quit && screen_stop_signal == 0) {
        if (dirty) {
            screen_draw(&s);
            dirty = false;
        }
        timeout(screen_pending(&s) ? 0 : screen_busy(&s) ? 80 : 250);
        wint_t wc;
        errno = 0;
        int r = get_wch(&wc);
        if (screen_stop_signal != 0)
            break;
        if (r == ERR) {
            screen_tick(&s, &dirty);
            continue;
        }
        if (r == KEY_CODE_YES && wc == KEY_RESIZE) {
            dirty = true;
            continue;
        }
        if (r == KEY_CODE_YES && wc == SCREEN_PASTE_END)
            continue;
        int key;
        if (r == KEY_CODE_YES && wc == SCREEN_PASTE_BEGIN) {
            screen_read_paste(&s);
            key = UK_PASTE;
        } else {
            key = screen_translate(r, wc);
        }
        dirty = true;
        if (s.cols < SCREEN_MIN_COLS || s.rows < SCREEN_MIN_ROWS) {
            if (key == 'q' || key == UK_CTRL('c'))
                s.quit = true;
            continue;
        }
        struct view *top = s.views[s.nviews - 1];
        top->ops->key(top, &s, key);
    }

    s.signal = screen_stop_signal;
    while (s.nviews > 0) {
        struct view *gone = s.views[--s.nviews];
        gone->ops->free(gone);
    }
    screen_stop();
    screen_signals(false);
    if (s.paste != NULL) {
        sodium_memzero(s.paste, strlen(s.paste));
        free(s.paste);
    }
    free(s.select_name);
    return s.signal ? 128 + s.signal : 0;
}
