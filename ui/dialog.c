/* dialog.c — see dialog.h. */
#include "dialog.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "screen.h"

enum { DIALOG_INPUT = 1, DIALOG_OK, DIALOG_CANCEL };

static void
dialog_open(struct dialog *d, enum dialog_kind kind, int purpose,
            const char *title, const char *ok_label)
{
    field_free(&d->input);
    memset(d, 0, sizeof *d);
    d->kind = kind;
    d->purpose = purpose;
    snprintf(d->title, sizeof d->title, "%s", title);
    field_init(&d->input, false);
    d->ok.label = ok_label;
    d->cancel.label = "Cancel";
    form_clear(&d->form);
}

void
dialog_confirm(struct dialog *d, int purpose, const char *title,
               const char *ok_label, const char *fmt, ...)
{
    dialog_open(d, DIALOG_CONFIRM, purpose, title, ok_label);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->text, sizeof d->text, fmt, ap);
    va_end(ap);
    form_add(&d->form, DIALOG_OK, FORM_BUTTON, NULL, NULL, false, &d->ok);
    form_add(&d->form, DIALOG_CANCEL, FORM_BUTTON, NULL, NULL, false,
             &d->cancel)
        ->same_line = true;
    form_focus(&d->form, DIALOG_CANCEL);
}

void
dialog_prompt(struct dialog *d, int purpose, const char *title,
              const char *text, const char *initial)
{
    dialog_open(d, DIALOG_PROMPT, purpose, title, "OK");
    snprintf(d->text, sizeof d->text, "%s", text);
    field_set(&d->input, initial);
    d->input.cur = d->input.len;
    form_add(&d->form, DIALOG_INPUT, FORM_FIELD, NULL, NULL, false, &d->input);
    form_add(&d->form, DIALOG_OK, FORM_BUTTON, NULL, NULL, false, &d->ok);
    form_add(&d->form, DIALOG_CANCEL, FORM_BUTTON, NULL, NULL, false,
             &d->cancel)
        ->same_line = true;
    form_focus(&d->form, DIALOG_INPUT);
}

void
dialog_note(struct dialog *d, const char *title, const char *text)
{
    dialog_open(d, DIALOG_NOTE, 0, title, "OK");
    snprintf(d->text, sizeof d->text, "%s", text);
    form_add(&d->form, DIALOG_OK, FORM_BUTTON, NULL, NULL, false, &d->ok);
}

void
dialog_error(struct dialog *d, const char *msg)
{
    snprintf(d->error, sizeof d->error, "%s", msg);
}

bool
dialog_is_open(const struct dialog *d)
{
    return d->kind != DIALOG_CLOSED;
}

void
dialog_close(struct dialog *d)
{
    field_free(&d->input);
    d->kind = DIALOG_CLOSED;
}

int
dialog_key(struct dialog *d, struct screen *s, int key)
{
    if (key == UK_ESC)
        return d->kind == DIALOG_NOTE ? UI_SUBMIT : UI_CANCEL;
    if (d->kind == DIALOG_CONFIRM && (key == 'y' || key == 'Y'))
        return UI_SUBMIT;
    if (d->kind == DIALOG_CONFIRM && (key == 'n' || key == 'N'))
        return UI_CANCEL;
    if (d->kind == DIALOG_PROMPT && key == UK_ENTER &&
        form_focus_id(&d->form) == DIALOG_INPUT)
        return UI_SUBMIT;
    int r = form_key(&d->form, s, key);
    if (r & UI_CHANGED)
        d->error[0] = '\0';
    if (r & UI_SUBMIT)
        return form_focus_id(&d->form) == DIALOG_CANCEL ? UI_CANCEL : UI_SUBMIT;
    return UI_HANDLED;
}

void
dialog_draw(struct dialog *d, struct screen *s)
{
    int w = s->cols - 8 < 64 ? s->cols - 8 : 64;
    int text_lines = screen_width(d->text) / (w - 4) + 1;
    for (const char *p = d->text; *p; p++)
        text_lines += *p == '\n';
    int h = text_lines + 5 + (d->kind == DIALOG_PROMPT ? 2 : 0) +
            (d->error[0] ? 2 : 0);
    int y = (s->rows - h) / 2, x = (s->cols - w) / 2;

    screen_box(y, x, h, w, d->title);
    int line = y + 2;
    line += screen_wrap(line, x + 2, w - 4, text_lines, theme_attr(TC_NORMAL),
                        d->text);
    line++;
    if (d->kind == DIALOG_PROMPT) {
        bool focus = form_focus_id(&d->form) == DIALOG_INPUT;
        field_draw(&d->input, s, line, x + 2, w - 4, focus);
        line += 2;
    }
    if (d->error[0]) {
        line +=
            screen_wrap(line, x + 2, w - 4, 2, theme_attr(TC_ERROR), d->error);
        line++;
    }
    int bx = x + 2;
    for (size_t i = 0; i < d->form.n; i++) {
        struct form_item *it = &d->form.items[i];
        if (it->kind == FORM_BUTTON)
            bx += button_draw(it->w.button, y + h - 2, bx, i == d->form.focus) +
                  2;
    }
}
