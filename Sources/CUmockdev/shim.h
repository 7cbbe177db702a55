#ifndef SERVICEHALL_CUMOCKDEV_SHIM_H
#define SERVICEHALL_CUMOCKDEV_SHIM_H
#include <umockdev.h>
#include <glib-object.h>

/* g_object_unref takes a gpointer; a typed helper keeps the Swift side free of pointer casts. */
static inline void servicehall_umockdev_testbed_free(UMockdevTestbed *testbed) { g_object_unref(testbed); }
#endif
