// A printer's paper as a PNG: one bit a dot. libpng reports errors by longjmp, which only C can
// catch, so the whole write lives here and Swift sees a return code.
#include "png_gray1.h"

#include <png.h>
#include <setjmp.h>
#include <string.h>

struct writer {
    hall_png_sink sink;
    void *context;
    char *error;
    int sink_failed;
};

static void on_error(png_structp png, png_const_charp message) {
    struct writer *w = png_get_error_ptr(png);
    if (w->error) {
        strncpy(w->error, message ? message : "libpng error", 199);
        w->error[199] = 0;
    }
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp message) {
    (void)png;
    (void)message;
}

static void on_write(png_structp png, png_bytep bytes, size_t length) {
    struct writer *w = png_get_io_ptr(png);
    if (w->sink(w->context, bytes, length) != 0) {
        w->sink_failed = 1;
        png_error(png, "the PNG's bytes could not be kept");
    }
}

static void on_flush(png_structp png) { (void)png; }

int hall_png_write_gray1(
    const uint8_t *rows, uint32_t width, uint32_t height, size_t row_bytes, hall_png_sink sink, void *context, char *error) {
    struct writer w = {sink, context, error, 0};
    if (error) error[0] = 0;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &w, on_error, on_warning);
    if (!png) return -1;
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_write_struct(&png, NULL);
        return -1;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return -1;
    }
    png_set_write_fn(png, &w, on_write, on_flush);
    png_set_IHDR(png, info, width, height, 1, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
        PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    // The rows are black-is-one; the file is white-is-one.
    png_set_invert_mono(png);
    for (uint32_t y = 0; y < height; y++) png_write_row(png, (png_const_bytep)(rows + (size_t)y * row_bytes));
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    return 0;
}
