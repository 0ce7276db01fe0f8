/* dialog.h — a modal box over a view: a yes/no confirmation or a one-field
 * prompt. The view that owns it draws it last and gives it every key while
 * it is open; dialog_key says when the user answered. */
#ifndef TETHER_UI_DIALOG_H
#define TETHER_UI_DIALOG_H

#include <stdbool.h>

#include "button.h"
#include "field.h"
#include "form.h"

struct screen;

enum dialog_kind { DIALOG_CLOSED, DIALOG_CONFIRM, DIALOG_PROMPT, DIALOG_NOTE };

struct dialog {
    enum dialog_kind kind;
    int purpose; /* the owner's tag: what the answer is for */
    char title[128];
    char text[768];
    char error[512]; /* shown in the box, e.g. the engine's refusal */
    struct field input;
    struct button ok, cancel;
    struct form form;
};

/* Ask a yes/no question. `ok_label` names the action ("Delete"). The focus
 * starts on Cancel; `y` answers yes, `n` and Esc no. */
void dialog_confirm(struct dialog *d, int purpose, const char *title,
                    const char *ok_label, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Ask for one line of text, prefilled with `initial` (may be NULL). */
void dialog_prompt(struct dialog *d, int purpose, const char *title,
                   const char *text, const char *initial);

/* Show a message with one OK button (Enter or Esc closes). */
void dialog_note(struct dialog *d, const char *title, const char *text);

/* Set the error line (the dialog stays open). */
void dialog_error(struct dialog *d, const char *msg);

bool dialog_is_open(const struct dialog *d);

/* Close and wipe the typed text. */
void dialog_close(struct dialog *d);

/* Handle a key: UI_SUBMIT when confirmed (the prompt's text is in
 * d->input), UI_CANCEL when refused; the dialog stays open either way until
 * the owner closes it. Otherwise UI_HANDLED. */
int dialog_key(struct dialog *d, struct screen *s, int key);

/* Draw centred over whatever is on screen. */
void dialog_draw(struct dialog *d, struct screen *s);

#endif
