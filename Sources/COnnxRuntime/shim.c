// SwiftPM needs one source file per C target; all of ONNX Runtime's API is reached
// through the OrtApi function table, so there is nothing to implement here.
#include "COnnxRuntime.h"
