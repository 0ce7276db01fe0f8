/* form.c — see form.h. */
#include "form.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "keys.h"
#include "screen.h"

#define FORM_LABEL_W 24
#define FORM_WIDGET_MAX 60

void
form_clear(struct form *f)
{
    f->n = 0;
}

static bool
form_focusable(const struct form_item *it)
{
    switch (it->kind) {
    case FORM_NOTE:
    case FORM_INFO:
    case FORM_SCROLL:
        return false;
    case FORM_BUTTON:
        return !it->w.button->disabled;
    default:
        return true;
    }
}

struct form_item *
form_add(struct form *f, int id, enum form_kind kind, const char *label,
         const char *help, bool required, void *w)
{
    if (f->n >= FORM_MAX_ITEMS)
        return NULL;
    struct form_item *it = &f->items[f->n++];
    memset(it, 0, sizeof *it);
    it->id = id;
    it->kind = kind;
    it->label = label;
    it->help = help;
    it->required = required;
    switch (kind) {
    case FORM_FIELD:
        it->w.field = w;
        break;
    case FORM_CHECK:
        it->w.check = w;
        break;
    case FORM_DROP:
        it->w.drop = w;
        break;
    case FORM_BUTTON:
        it->w.button = w;
        break;
    case FORM_NOTE:
    case FORM_INFO:
    case FORM_SCROLL:
        it->w.text = w;
        break;
    }
    return it;
}

struct form_item *
form_item(struct form *f, int id)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->items[i].id == id)
            return &f->items[i];
    return NULL;
}

struct form_item *
form_item_named(struct form *f, const char *field)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->items[i].field != NULL && strcmp(f->items[i].field, field) == 0)
            return &f->items[i];
    return NULL;
}

int
form_focus_id(const struct form *f)
{
    return f->focus < f->n ? f->items[f->focus].id : -1;
}

void
form_focus(struct form *f, int id)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->items[i].id == id && form_focusable(&f->items[i]))
            f->focus = i;
}

void
form_msg(struct form *f, int id, enum theme_colour c, const char *fmt, ...)
{
    struct form_item *it = form_item(f, id);
    if (it == NULL)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(it->msg, sizeof it->msg, fmt, ap);
    va_end(ap);
    it->msg[0] = (char)toupper((unsigned char)it->msg[0]);
    it->msg_colour = c;
}

void
form_clear_msgs(struct form *f)
{
    for (size_t i = 0; i < f->n; i++)
        f->items[i].msg[0] = '\0';
}

/* Put the focus on a focusable item when it is not on one. */
static void
form_settle(struct form *f)
{
    if (f->focus < f->n && form_focusable(&f->items[f->focus]))
        return;
    for (size_t i = 0; i < f->n; i++) {
        if (form_focusable(&f->items[i])) {
            f->focus = i;
            return;
        }
    }
}

static bool
form_move(struct form *f, int dir)
{
    if (f->n == 0)
        return false;
    size_t i = f->focus;
    for (size_t k = 0; k < f->n; k++) {
        i = (i + f->n + (size_t)dir) % f->n;
        if (form_focusable(&f->items[i])) {
            f->focus = i;
            return true;
        }
    }
    return false;
}

bool
form_modal(const struct form *f)
{
    return f->focus < f->n && f->items[f->focus].kind == FORM_DROP &&
           f->items[f->focus].w.drop->open;
}

static int
form_widget_key(struct form_item *it, struct screen *s, int key)
{
    switch (it->kind) {
    case FORM_FIELD:
        if (it->w.field->stored && (key == UK_ENTER || key == ' ')) {
            field_unlock(it->w.field);
            it->msg[0] = '\0';
            return UI_HANDLED | UI_CHANGED;
        }
        if (it->w.field->stored && key >= 0x20 && key < UK_FN) {
            snprintf(it->msg, sizeof it->msg, "%s",
                     "A secret is stored; press Enter (Change) to replace "
                     "it.");
            it->msg_colour = TC_INFO;
            return UI_HANDLED;
        }
        if (key == UK_ENTER)
            return UI_NEXT;
        return field_key(it->w.field, s, key);
    case FORM_CHECK:
        return checkbox_key(it->w.check, key);
    case FORM_DROP:
        return dropdown_key(it->w.drop, key);
    case FORM_BUTTON:
        return button_key(it->w.button, key);
    default:
        return UI_IGNORED;
    }
}

int
form_key(struct form *f, struct screen *s, int key)
{
    form_settle(f);
    if (f->focus >= f->n)
        return UI_IGNORED;
    struct form_item *it = &f->items[f->focus];
    if (form_modal(f))
        return form_widget_key(it, s, key);

    int r = UI_IGNORED;
    switch (key) {
    case UK_TAB:
    case UK_DOWN:
        return form_move(f, 1) ? UI_HANDLED : UI_IGNORED;
    case UK_BTAB:
    case UK_UP:
        return form_move(f, -1) ? UI_HANDLED : UI_IGNORED;
    case UK_LEFT:
    case UK_RIGHT:
        /* Between buttons and check boxes the arrows move the focus. */
        if (it->kind == FORM_BUTTON || it->kind == FORM_CHECK)
            return form_move(f, key == UK_LEFT ? -1 : 1) ? UI_HANDLED
                                                         : UI_IGNORED;
        break;
    default:
        break;
    }
    r = form_widget_key(it, s, key);
    if (r & UI_NEXT) {
        form_move(f, 1);
        r = (r & ~UI_NEXT) | UI_HANDLED;
    }
    return r;
}

/* Lines of help under a widget: wrapped, two at most. */
static int
form_help_lines(const struct form_item *it, int w)
{
    if (it->help == NULL)
        return 0;
    int n = screen_wrap_count(w, it->help);
    return n > 2 ? 2 : n;
}

/* Lines an item takes on screen, the blank line after it included. */
static int
form_item_height(const struct form_item *it, int w)
{
    int msg = it->msg[0] ? screen_wrap_count(w - 4, it->msg) : 0;
    switch (it->kind) {
    case FORM_BUTTON:
        return it->same_line ? 0 : 2;
    case FORM_NOTE:
    case FORM_SCROLL:
        return screen_wrap_count(w, it->w.text) + 1 + msg;
    case FORM_INFO:
        return screen_wrap_count(w - 4, it->w.text) + 3;
    default:
        return 2 + form_help_lines(it, w) + msg;
    }
}

/* A SCROLL item in its it->scroll->page lines (set by form_draw), from
 * line it->scroll->top, with where it stands on its last line when not
 * everything shows. */
static void
form_draw_scroll(const struct form_item *it, int y, int x, int w)
{
    struct form_scroll *sc = it->scroll;
    int page = sc->page;
    if (sc->lines > page) {
        page--;
        char pos[96];
        int last = sc->top + page < sc->lines ? sc->top + page : sc->lines;
        snprintf(pos, sizeof pos,
                 "lines %d-%d of %d; Up, Down, PgUp, PgDn scroll", sc->top + 1,
                 last, sc->lines);
        screen_text(y + page, x, w, theme_attr(TC_DIM), pos);
    }
    screen_wrap_from(y, x, w, page, theme_attr(it->text_colour), it->w.text,
                     sc->top);
}

bool
form_scroll_key(struct form_scroll *sc, int key)
{
    int page = sc->page > 2 ? sc->page - 2 : 1;
    int last = sc->lines > sc->page ? sc->lines - (sc->page - 1) : 0;
    switch (key) {
    case UK_UP:
        sc->top--;
        break;
    case UK_DOWN:
        sc->top++;
        break;
    case UK_PGUP:
        sc->top -= page;
        break;
    case UK_PGDN:
        sc->top += page;
        break;
    case UK_HOME:
        sc->top = 0;
        break;
    case UK_END:
        sc->top = last;
        break;
    default:
        return false;
    }
    if (sc->top > last)
        sc->top = last;
    if (sc->top < 0)
        sc->top = 0;
    return true;
}

static void
form_draw_label(const struct form_item *it, int y, int x)
{
    int used = screen_text(y, x, FORM_LABEL_W, theme_attr(TC_LABEL),
                           it->label ? it->label : "");
    if (it->required)
        screen_text(y, x + used, 1, theme_attr(TC_REQUIRED), "*");
}

/* Draw item i with its first line at y; returns nothing. Buttons that share
 * a line are drawn by the first button of the line. */
static void
form_draw_item(struct form *f, size_t i, struct screen *s, int y, int x, int w)
{
    struct form_item *it = &f->items[i];
    int wx = x + FORM_LABEL_W + 2;
    int ww = w - FORM_LABEL_W - 2;
    if (ww > FORM_WIDGET_MAX)
        ww = FORM_WIDGET_MAX;
    bool focus = i == f->focus;
    int line = y;

    switch (it->kind) {
    case FORM_BUTTON: {
        int bx = x;
        for (size_t j = i; j < f->n; j++) {
            struct form_item *b = &f->items[j];
            if (b->kind != FORM_BUTTON || (j > i && !b->same_line))
                break;
            bx += button_draw(b->w.button, y, bx, j == f->focus) + 2;
        }
        return;
    }
    case FORM_NOTE:
        line +=
            screen_wrap(y, x, w, 20, theme_attr(it->text_colour), it->w.text) -
            1;
        break;
    case FORM_SCROLL:
        form_draw_scroll(it, y, x, w);
        return;
    case FORM_INFO: {
        int h = form_item_height(it, w) - 1;
        screen_box(y, x, h, w, it->label);
        screen_wrap(y + 1, x + 2, w - 4, h - 2, theme_attr(TC_INFO),
                    it->w.text);
        line += h - 1;
        break;
    }
    case FORM_FIELD: {
        form_draw_label(it, line, x);
        struct field *fl = it->w.field;
        if (fl->stored) {
            field_draw(fl, s, line, wx, ww - 12, focus);
            screen_text(line, wx + ww - 11, 11,
                        theme_attr(focus ? TC_BUTTON_FOCUS : TC_BUTTON),
                        "[ Change ]");
        } else {
            field_draw(fl, s, line, wx, ww, focus);
        }
        break;
    }
    case FORM_CHECK:
        form_draw_label(it, line, x);
        checkbox_draw(it->w.check, line, wx + 1, focus);
        break;
    case FORM_DROP:
        form_draw_label(it, line, x);
        dropdown_draw(it->w.drop, line, wx, ww, focus);
        break;
    }
    if (it->help != NULL && it->kind != FORM_NOTE && it->kind != FORM_INFO &&
        it->kind != FORM_SCROLL)
        line += screen_wrap(line + 1, x, w, 2, theme_attr(TC_DIM), it->help);
    if (it->msg[0] != '\0')
        screen_wrap(line + 1, x + 2, w - 4, 4, theme_attr(it->msg_colour),
                    it->msg);
}

void
form_draw(struct form *f, struct screen *s, int y, int x, int w, int h)
{
    int tops[FORM_MAX_ITEMS], hts[FORM_MAX_ITEMS], total = 0;
    form_settle(f);
    for (size_t i = 0; i < f->n; i++) {
        hts[i] = form_item_height(&f->items[i], w);
        total += hts[i];
    }
    /* A scrolling paragraph takes what the rest leaves (the blank line at
     * the end may go under the bottom edge). */
    for (size_t i = 0; i < f->n; i++) {
        struct form_item *it = &f->items[i];
        if (it->kind != FORM_SCROLL || it->scroll == NULL)
            continue;
        struct form_scroll *sc = it->scroll;
        sc->lines = hts[i] - 1;
        int room = h + 1 - (total - hts[i]);
        if (room < 4)
            room = 4;
        if (room < hts[i]) {
            total -= hts[i] - room;
            hts[i] = room;
        }
        sc->page = hts[i] - 1;
        int last = sc->lines > sc->page ? sc->lines - (sc->page - 1) : 0;
        if (sc->top > last)
            sc->top = last;
        if (sc->top < 0)
            sc->top = 0;
    }
    for (size_t i = 0, at = 0; i < f->n; i++) {
        tops[i] = (int)at;
        at += (size_t)hts[i];
    }
    /* Scroll so that the focused item (and its line of buttons) shows. */
    if (f->focus < f->n) {
        size_t fi = f->focus;
        while (fi > 0 && f->items[fi].same_line)
            fi--;
        int top = tops[fi];
        int bottom = top + hts[fi] - 1;
        if (bottom - f->scroll > h)
            f->scroll = bottom - h;
        if (top < f->scroll)
            f->scroll = top;
        /* Show what comes before when it fits (notes, info boxes). */
        if (f->scroll > 0 && total - f->scroll < h)
            f->scroll = total > h ? total - h : 0;
    }
    if (total <= h)
        f->scroll = 0;
    /* Start the view at an item: one cut by the top edge is not drawn,
     * and its lines would stand blank above the first one shown. */
    for (size_t i = 0; f->scroll > 0 && i < f->n; i++) {
        if (tops[i] >= f->scroll) {
            f->scroll = tops[i];
            break;
        }
    }

    for (size_t i = 0; i < f->n; i++) {
        const struct form_item *it = &f->items[i];
        if (it->kind == FORM_BUTTON && it->same_line)
            continue;
        int ih = hts[i] - 1;
        int rel = tops[i] - f->scroll;
        if (rel < 0 || rel + ih > h)
            continue;
        form_draw_item(f, i, s, y + rel, x, w);
    }
    if (f->scroll > 0)
        screen_text(y - 1, x + w - 8, 8, theme_attr(TC_DIM), "more ^");
    if (total - f->scroll > h + 1)
        screen_text(y + h, x + w - 8, 8, theme_attr(TC_DIM), "more v");

    /* An open drop-down goes over everything. */
    if (f->focus < f->n && form_modal(f)) {
        int rel = tops[f->focus] - f->scroll;
        int ww = w - FORM_LABEL_W - 2;
        if (ww > FORM_WIDGET_MAX)
            ww = FORM_WIDGET_MAX;
        dropdown_draw_open(f->items[f->focus].w.drop, s, y + rel,
                           x + FORM_LABEL_W + 2, ww);
    }
}

/* The keys form_key() handles (the widgets' own keys are in their
 * tables). */
static const struct ui_binding form_bindings[] = {
    {{0},
     "Tab, Down",
     "Tab",
     "Move",
     "the next field or button",
     KEYS_MID,
     NULL,
     NULL},
    {{0},
     "Shift-Tab, Up",
     NULL,
     NULL,
     "the previous field or button",
     0,
     NULL,
     NULL},
    {{0},
     "Left, Right",
     NULL,
     NULL,
     "between buttons and check boxes",
     0,
     NULL,
     NULL},
    {{0},
     "Enter",
     NULL,
     "Select",
     "press a button, open a drop-down, go on to the next field",
     KEYS_MID,
     NULL,
     NULL},
    {{0}, "Space", NULL, NULL, "toggle a check box", 0, NULL, NULL},
};

const struct keys_table form_keys =
    KEYS_TABLE("Fields and buttons", form_bindings);
