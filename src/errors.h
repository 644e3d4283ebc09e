// Node-style errors for failed syscalls: the same shape as Node's own
// ErrnoException (message "<syscall> <CODE>", code, negative errno, syscall).
#pragma once

#include <napi.h>

namespace mptcp {

// An Error for `err` (a positive errno value). `option` names the socket
// option (or other subject) involved, if any.
Napi::Error ErrnoError(Napi::Env env, int err, const char* syscall, const char* option = nullptr);

// The same, thrown as a pending JS exception.
void ThrowErrno(Napi::Env env, int err, const char* syscall, const char* option = nullptr);

// Throws a TypeError with Node's ERR_INVALID_ARG_TYPE code for a bad native argument.
// The TS layer validates first; this only guards the native boundary.
void ThrowArgType(Napi::Env env, const char* name, const char* expected);

}  // namespace mptcp
