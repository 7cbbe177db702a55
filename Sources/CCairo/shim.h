#ifndef SERVICEHALL_CCAIRO_SHIM_H
#define SERVICEHALL_CCAIRO_SHIM_H
#include <cairo.h>
#include <cairo-pdf.h>
#endif
