#ifndef SERVICEHALL_CUMOCKDEV_SHIM_H
#define SERVICEHALL_CUMOCKDEV_SHIM_H
#include <umockdev.h>
#include <glib-object.h>

/* g_object_unref takes a gpointer; a typed helper keeps the Swift side free of pointer casts. */
static inline void servicehall_umockdev_testbed_free(UMockdevTestbed *testbed) { g_object_unref(testbed); }

/* The tests' pseudo-terminal pair: glibc declares these only under _XOPEN_SOURCE, which a Swift
   module map cannot set; these are the same prototypes. */
extern int posix_openpt(int flags);
extern int grantpt(int fd);
extern int unlockpt(int fd);
extern char *ptsname(int fd);
#endif
