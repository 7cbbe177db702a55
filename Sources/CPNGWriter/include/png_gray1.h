#ifndef HALL_PNG_GRAY1_H
#define HALL_PNG_GRAY1_H

#include <stddef.h>
#include <stdint.h>

/// Receives the PNG's bytes as libpng produces them; returns 0 when it took them.
typedef int (*hall_png_sink)(void *context, const uint8_t *bytes, size_t length);

/// Writes a 1-bit grayscale PNG of `height` rows of `row_bytes` bytes each (first dot in the high
/// bit, a set bit black, as thermal printers take raster rows) to `sink`. Returns 0 on success, or
/// -1 when libpng failed; `error` (at least 200 bytes) then holds libpng's message.
int hall_png_write_gray1(
    const uint8_t *rows, uint32_t width, uint32_t height, size_t row_bytes, hall_png_sink sink, void *context, char *error);

#endif
