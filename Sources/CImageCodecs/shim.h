#include <turbojpeg.h>
#include <png.h>
#include <webp/decode.h>
#include <webp/encode.h>
#include <webp/demux.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include "glimpse_png.h"
#include <malloc.h>  // malloc_trim: HeapTrim gives large pictures' freed pages back
