// Node-style errors: for failed syscalls, the same shape as Node's own
// ErrnoException (message "<syscall> <CODE>", code, negative errno, syscall);
// for bad arguments, Node's ERR_INVALID_ARG_TYPE and ERR_OUT_OF_RANGE.
#pragma once

#include <napi.h>

#include <string>

namespace mptcp {

// An Error for `err` (a positive errno value). `option` names the socket
// option (or other subject) involved, if any.
Napi::Error ErrnoError(Napi::Env env, int err, const char* syscall, const char* option = nullptr);

// The same, thrown as a pending JS exception.
void ThrowErrno(Napi::Env env, int err, const char* syscall, const char* option = nullptr);

// TypeError ERR_INVALID_ARG_TYPE, worded as Node's:
// The "fd" argument must be of type number. Received type string ('3')
void ThrowArgType(Napi::Env env, const char* name, const char* expected, Napi::Value actual);

// RangeError ERR_OUT_OF_RANGE, worded as Node's:
// The value of "fd" is out of range. It must be an integer. Received NaN
void ThrowOutOfRange(Napi::Env env, const char* name, const std::string& range, Napi::Value actual);

}  // namespace mptcp
