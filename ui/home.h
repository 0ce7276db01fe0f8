/* home.h — the home screen: every integration with its state, and the keys
 * that act on them. */
#ifndef TETHER_UI_HOME_H
#define TETHER_UI_HOME_H

#include "screen.h"

/* A new home view listing the store's integrations, or NULL when out of
 * memory. Push it with screen_push(). */
struct view *home_new(struct screen *s);

/* The keys `?` lists on the home screen (keys.h). */
extern const struct keys_page home_keys_page;

#endif
