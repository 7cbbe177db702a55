#ifndef SERVICEHALL_CSANE_SHIM_H
#define SERVICEHALL_CSANE_SHIM_H
#include <sane/sane.h>
#include <sane/saneopts.h>

/* SANE_FIX, SANE_UNFIX and the version macros are expression macros Swift cannot import. */
static inline SANE_Word servicehall_sane_fix(double value) { return SANE_FIX(value); }
static inline double servicehall_sane_unfix(SANE_Word word) { return SANE_UNFIX(word); }
static inline int servicehall_sane_version_major(SANE_Int version) { return SANE_VERSION_MAJOR(version); }
static inline int servicehall_sane_version_minor(SANE_Int version) { return SANE_VERSION_MINOR(version); }
static inline int servicehall_sane_version_build(SANE_Int version) { return SANE_VERSION_BUILD(version); }
#endif
