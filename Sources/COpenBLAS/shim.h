// Debian's libopenblas-dev: the pkg-config Cflags point at the variant's cblas.h.
#include <cblas.h>
