#include "errors.h"

#include <uv.h>

#include <cmath>
#include <string>

namespace mptcp {
namespace {

// Node's addNumericalSeparator: "4294967296" -> "4_294_967_296".
std::string AddNumericalSeparator(const std::string& s) {
  std::string res;
  size_t i = s.size();
  const size_t start = !s.empty() && s[0] == '-' ? 1 : 0;
  for (; i >= start + 4; i -= 3) res = "_" + s.substr(i - 3, 3) + res;
  return s.substr(0, i) + res;
}

// util.inspect() of a number: String(n), except -0.
std::string InspectNumber(Napi::Number n) {
  double d = n.DoubleValue();
  if (d == 0 && std::signbit(d)) return "-0";
  return n.ToString().Utf8Value();
}

// What Node's ERR_INVALID_ARG_TYPE says it received (determineSpecificType).
std::string DescribeReceived(Napi::Value v) {
  switch (v.Type()) {
    case napi_undefined:
      return "undefined";
    case napi_null:
      return "null";
    case napi_number:
      return "type number (" + InspectNumber(v.As<Napi::Number>()) + ")";
    case napi_boolean:
      return std::string("type boolean (") + (v.As<Napi::Boolean>().Value() ? "true" : "false") + ")";
    case napi_bigint:
      return "type bigint (" + v.ToString().Utf8Value() + "n)";
    case napi_symbol: {
      Napi::Value d = v.As<Napi::Object>().Get("description");  // property access on a primitive: no wrapper kept
      return "type symbol (Symbol(" + (d.IsString() ? d.As<Napi::String>().Utf8Value() : std::string()) + "))";
    }
    case napi_string: {
      // Node cuts at 25 UTF-16 units. Read them into a fixed array: a
      // std::u16string would make the binary need a newer libstdc++ than
      // Node itself does (GLIBCXX_3.4.29, see scripts/prebuildify.mjs).
      size_t units = 0;
      napi_get_value_string_utf16(v.Env(), v, nullptr, 0, &units);
      std::string text;
      if (units > 28) {
        char16_t head[26];
        size_t copied = 0;
        napi_get_value_string_utf16(v.Env(), v, head, 26, &copied);
        text = Napi::String::New(v.Env(), head, copied).Utf8Value() + "...";
      } else {
        text = v.As<Napi::String>().Utf8Value();
      }
      if (text.find('\'') == std::string::npos) return "type string ('" + text + "')";
      // With a quote inside, Node quotes with JSON.stringify.
      Napi::Object json = v.Env().Global().Get("JSON").As<Napi::Object>();
      Napi::Value quoted = json.Get("stringify").As<Napi::Function>().Call(json, {Napi::String::New(v.Env(), text)});
      return "type string (" + (quoted.IsString() ? quoted.As<Napi::String>().Utf8Value() : text) + ")";
    }
    case napi_function: {
      Napi::Value name = v.As<Napi::Function>().Get("name");
      return "function " + (name.IsString() ? name.As<Napi::String>().Utf8Value() : std::string());
    }
    default: {
      Napi::Value ctor = v.As<Napi::Object>().Get("constructor");
      if (ctor.IsFunction()) {
        Napi::Value name = ctor.As<Napi::Function>().Get("name");
        if (name.IsString() && !name.As<Napi::String>().Utf8Value().empty())
          return "an instance of " + name.As<Napi::String>().Utf8Value();
      }
      return "[Object: null prototype]";
    }
  }
}

Napi::Value Pending(Napi::Env env) {
  // A getter above may have thrown (a Proxy, an accessor): that exception wins.
  return env.IsExceptionPending() ? env.GetAndClearPendingException().Value() : Napi::Value();
}

}  // namespace

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

void ThrowArgType(Napi::Env env, const char* name, const char* expected, Napi::Value actual) {
  std::string received = DescribeReceived(actual);
  Napi::Value pending = Pending(env);
  if (!pending.IsEmpty()) {
    Napi::Error(env, pending).ThrowAsJavaScriptException();
    return;
  }
  std::string message = std::string("The \"") + name + "\" argument must be " + expected + ". Received " + received;
  Napi::TypeError error = Napi::TypeError::New(env, message);
  error.Value().Set("code", "ERR_INVALID_ARG_TYPE");
  error.ThrowAsJavaScriptException();
}

void ThrowOutOfRange(Napi::Env env, const char* name, const std::string& range, Napi::Value actual) {
  std::string received;
  if (actual.IsNumber()) {
    double d = actual.As<Napi::Number>().DoubleValue();
    received = InspectNumber(actual.As<Napi::Number>());
    if (std::isfinite(d) && d == std::trunc(d) && std::fabs(d) > 4294967296.0) received = AddNumericalSeparator(received);
  } else {
    received = actual.ToString().Utf8Value();
  }
  std::string message =
      std::string("The value of \"") + name + "\" is out of range. It must be " + range + ". Received " + received;
  Napi::RangeError error = Napi::RangeError::New(env, message);
  error.Value().Set("code", "ERR_OUT_OF_RANGE");
  error.ThrowAsJavaScriptException();
}

}  // namespace mptcp
