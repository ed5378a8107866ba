#ifndef GLIMPSE_CONNXRUNTIME_H
#define GLIMPSE_CONNXRUNTIME_H
// onnxruntime_c_api.h is placed next to this file by scripts/fetch_onnxruntime.sh
// (Debian trixie's libonnxruntime-dev, API version 21; the 1.32 runtime is append-only
// compatible). It is derived at setup time and not committed.
#include "onnxruntime_c_api.h"
#endif
