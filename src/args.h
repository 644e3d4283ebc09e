// Arguments at the native boundary. The TS layer validates what users pass;
// these checks make sure that nothing the addon is given, by mistake or not,
// turns into a wrong syscall: NaN is not fd 0, 1.5 is not 1, 2**32 is not 0.
#pragma once

#include <napi.h>

#include <cstdint>

namespace mptcp {

// info[i] as an integer in [min, max]. A non-number throws TypeError
// ERR_INVALID_ARG_TYPE; NaN, ±Infinity, a fraction or a value outside the
// range throw RangeError ERR_OUT_OF_RANGE, as Node's validateInteger does.
bool ReadInteger(const Napi::CallbackInfo& info, size_t i, const char* name, int64_t min, int64_t max,
                 int64_t* out);

// An int32 (Node's validateInt32).
bool ReadInt(const Napi::CallbackInfo& info, size_t i, const char* name, int* out);

// A file descriptor: an integer in [0, 2147483647], named "fd" (as Node's fs).
bool ReadFd(const Napi::CallbackInfo& info, size_t i, int* out);

// A Buffer (or another Uint8Array).
bool ReadBuffer(const Napi::CallbackInfo& info, size_t i, const char* name, Napi::Buffer<uint8_t>* out);

}  // namespace mptcp
