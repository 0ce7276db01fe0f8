/* remedy.h — how a message says what to do, for the face that shows it.
 *
 * The engine's messages end with a remedy. On the command line that is a
 * command ("run: tether authorize 'Wiz OAuth'"), with the integration's
 * name quoted by the shell rule below; on the screens it is what to do
 * there ("press Authorize again", "choose Form body as Token Client Auth in
 * step 3"), since the integration may not even be saved yet. The face is one
 * process-wide choice: the command line by default, the screens once the
 * ncurses front end has called remedy_use_screens(). */
#ifndef TETHER_REMEDY_H
#define TETHER_REMEDY_H

#include <stdbool.h>
#include <stddef.h>

/* From now on, remedies are worded for the screens. */
void remedy_use_screens(void);

/* True when remedies are worded for the screens. */
bool remedy_for_screens(void);

/* `word` as one shell word: unchanged when it holds only letters, digits
 * and "-_.,:/@%+=", else in single quotes (a ' inside written '\''); an
 * empty or NULL word gives ''. Writes into buf (truncated to len) and
 * returns buf. */
const char *remedy_shell_word(const char *word, char *buf, size_t len);

/* The remedy for the current face into buf: `screen` on the screens;
 * otherwise `cli` with every word NAME replaced by `name` as one shell
 * word (NAME kept when name is NULL). Returns buf. */
const char *remedy_say(char *buf, size_t len, const char *name, const char *cli,
                       const char *screen);

#endif
