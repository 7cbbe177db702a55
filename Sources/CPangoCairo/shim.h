#include <pango/pangocairo.h>
#include <cairo.h>
#include <cairo-pdf.h>
#include <glib-object.h>

/* g_object_unref takes a gpointer; give Swift a typed, non-variadic entry point. */
static inline void hall_pango_unref(void *object) { if (object) g_object_unref(object); }
