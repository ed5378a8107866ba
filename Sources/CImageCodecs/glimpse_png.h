// libpng reports errors with longjmp. A longjmp must never cross Swift frames, so every
// libpng call that can fail lives in these C functions: setjmp and all libpng calls share
// one C frame, and Swift only sees a return code plus a message.
#ifndef GLIMPSE_PNG_H
#define GLIMPSE_PNG_H

#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const unsigned char *data;
    size_t size;
    size_t offset;
    char message[256];
    int truncated;
} glimpse_png_source;

static void glimpse_png_read_fn(png_structp png, png_bytep out, size_t count) {
    glimpse_png_source *src = (glimpse_png_source *)png_get_io_ptr(png);
    if (count > src->size - src->offset) {
        src->truncated = 1;
        png_error(png, "unexpected end of PNG data");
    }
    memcpy(out, src->data + src->offset, count);
    src->offset += count;
}

static void glimpse_png_error_fn(png_structp png, png_const_charp msg) {
    glimpse_png_source *src = (glimpse_png_source *)png_get_error_ptr(png);
    if (src->message[0] == 0) {
        strncpy(src->message, msg, sizeof(src->message) - 1);
    }
    png_longjmp(png, 1);
}

static void glimpse_png_warning_fn(png_structp png, png_const_charp msg) {
    (void)png; (void)msg; // warnings (e.g. bad iCCP profiles) are not errors for us
}

/// Pillow's rounded mean of `count` samples summing to `sum` (Reduce.c: a 2^24-scaled
/// reciprocal computed in single precision), so a reduced decode equals Image.reduce; Swift's
/// `Image.reduced(in:)` calls it too.
static unsigned char glimpse_reduce_mean(unsigned int sum, unsigned int count) {
    unsigned int multiplier = (unsigned int)(4294967296.0f / (float)(256u * count));
    return (unsigned char)(((sum + count / 2) * multiplier) >> 24);
}

/// Decodes a PNG held in memory. With out == NULL only the header is read and
/// *width/*height are filled in (the caller checks the pixel limit before allocating).
/// Otherwise out receives RGB8: palette expanded, grey replicated, alpha and tRNS
/// transparency dropped, 16-bit samples reduced to their high byte (Pillow's
/// convert("RGB"), except that Pillow clips 16-bit grey to 255 instead), Adam7 deinterlaced.
/// With factor 1 out holds width*height*3 bytes; with factor > 1 it holds the picture shrunk
/// by that factor (ceil(width/factor) x ceil(height/factor), each pixel the rounded mean of its
/// block, as Pillow's reduce), computed row by row as the rows are read, so the whole
/// picture is never in memory; an interlaced PNG cannot be read that way and returns 2.
/// Returns 0 on success, 1 on error (src->message and src->truncated say why).
static int glimpse_png_decode(glimpse_png_source *src, unsigned char *out,
                              unsigned int *width, unsigned int *height, unsigned int factor) {
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, src,
                                             glimpse_png_error_fn, glimpse_png_warning_fn);
    if (!png) { strcpy(src->message, "out of memory"); return 1; }
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_read_struct(&png, NULL, NULL);
        strcpy(src->message, "out of memory");
        return 1;
    }
    // Freed on every way out, the longjmp from a libpng error included.
    unsigned char *volatile row = NULL;
    unsigned int *volatile sums = NULL;
    if (setjmp(png_jmpbuf(png))) {
        free(row);
        free(sums);
        png_destroy_read_struct(&png, &info, NULL);
        return 1;
    }
    // Limits are enforced by the caller; lift libpng's own 1M-pixel row cap.
    png_set_user_limits(png, 0x7fffffff, 0x7fffffff);
    png_set_read_fn(png, src, glimpse_png_read_fn);
    png_read_info(png, info);
    *width = png_get_image_width(png, info);
    *height = png_get_image_height(png, info);
    if (out == NULL) {
        png_destroy_read_struct(&png, &info, NULL);
        return 0;
    }
    int color = png_get_color_type(png, info);
    int depth = png_get_bit_depth(png, info);
    if (depth == 16) png_set_strip_16(png);
    // Expanding a palette also turns its tRNS chunk into an alpha channel, which must go too.
    int palette_alpha = color == PNG_COLOR_TYPE_PALETTE && png_get_valid(png, info, PNG_INFO_tRNS);
    if (color == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if ((color == PNG_COLOR_TYPE_GRAY || color == PNG_COLOR_TYPE_GRAY_ALPHA) && depth < 8)
        png_set_expand_gray_1_2_4_to_8(png);
    if ((color & PNG_COLOR_MASK_ALPHA) || palette_alpha) png_set_strip_alpha(png);
    if (color == PNG_COLOR_TYPE_GRAY || color == PNG_COLOR_TYPE_GRAY_ALPHA)
        png_set_gray_to_rgb(png);
    int passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);
    if (png_get_rowbytes(png, info) != (size_t)(*width) * 3) {
        snprintf(src->message, sizeof(src->message), "unsupported layout: colour type %d, %d bits per sample", color, depth);
        png_destroy_read_struct(&png, &info, NULL);
        return 1;
    }
    size_t stride = (size_t)(*width) * 3;
    if (factor <= 1) {
        for (int pass = 0; pass < passes; pass++) {
            for (unsigned int y = 0; y < *height; y++) {
                png_read_row(png, out + stride * y, NULL);
            }
        }
    } else {
        if (passes > 1) {
            png_destroy_read_struct(&png, &info, NULL);
            return 2;
        }
        unsigned int out_width = (*width + factor - 1) / factor;
        row = malloc(stride);
        sums = calloc((size_t)out_width * 3, sizeof(unsigned int));
        if (!row || !sums) png_error(png, "out of memory");
        unsigned int rows_in_block = 0, out_y = 0;
        for (unsigned int y = 0; y < *height; y++) {
            png_read_row(png, row, NULL);
            for (unsigned int x = 0; x < *width; x++) {
                unsigned int *sum = sums + (size_t)(x / factor) * 3;
                sum[0] += row[x * 3]; sum[1] += row[x * 3 + 1]; sum[2] += row[x * 3 + 2];
            }
            rows_in_block++;
            if (rows_in_block == factor || y + 1 == *height) {
                unsigned char *dst = out + (size_t)out_y * out_width * 3;
                for (unsigned int ox = 0; ox < out_width; ox++) {
                    unsigned int columns = (ox + 1) * factor <= *width ? factor : *width - ox * factor;
                    unsigned int count = columns * rows_in_block;
                    for (int c = 0; c < 3; c++) {
                        dst[ox * 3 + c] = glimpse_reduce_mean(sums[ox * 3 + c], count);
                        sums[ox * 3 + c] = 0;
                    }
                }
                rows_in_block = 0;
                out_y++;
            }
        }
        free(row);
        free(sums);
        row = NULL;
        sums = NULL;
    }
    png_read_end(png, NULL);
    png_destroy_read_struct(&png, &info, NULL);
    return 0;
}

#endif
