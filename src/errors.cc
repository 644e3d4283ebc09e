#include "errors.h"

#include <uv.h>

#include <string>

namespace mptcp {

Napi::Error ErrnoError(Napi::Env env, int err, const char* syscall, const char* option) {
  // uv_err_name() takes libuv's negative codes, which on Unix are -errno.
  const char* code = uv_err_name(-err);
  std::string message = std::string(syscall) + " " + code;
  if (option != nullptr) message += " (" + std::string(option) + ")";

  Napi::Error error = Napi::Error::New(env, message);
  Napi::Object obj = error.Value();
  obj.Set("code", code);
  obj.Set("errno", -err);  // negative, as in Node's own system errors
  obj.Set("syscall", syscall);
  if (option != nullptr) obj.Set("option", option);
  return error;
}

void ThrowErrno(Napi::Env env, int err, const char* syscall, const char* option) {
  ErrnoError(env, err, syscall, option).ThrowAsJavaScriptException();
}

void ThrowArgType(Napi::Env env, const char* name, const char* expected) {
  std::string message = std::string("The \"") + name + "\" argument must be " + expected;
  Napi::TypeError error = Napi::TypeError::New(env, message);
  error.Value().Set("code", "ERR_INVALID_ARG_TYPE");
  error.ThrowAsJavaScriptException();
}

}  // namespace mptcp
