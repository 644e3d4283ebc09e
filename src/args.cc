#include "args.h"

#include <climits>
#include <cmath>
#include <string>

#include "errors.h"

namespace mptcp {

bool ReadInteger(const Napi::CallbackInfo& info, size_t i, const char* name, int64_t min, int64_t max,
                 int64_t* out) {
  Napi::Value v = info[i];
  if (!v.IsNumber()) {
    ThrowArgType(info.Env(), name, "of type number", v);
    return false;
  }
  double d = v.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(d) || d != std::trunc(d)) {
    ThrowOutOfRange(info.Env(), name, "an integer", v);
    return false;
  }
  // min and max are within ±2**53, so these comparisons are exact.
  if (d < static_cast<double>(min) || d > static_cast<double>(max)) {
    ThrowOutOfRange(info.Env(), name, ">= " + std::to_string(min) + " && <= " + std::to_string(max), v);
    return false;
  }
  *out = static_cast<int64_t>(d);
  return true;
}

bool ReadInt(const Napi::CallbackInfo& info, size_t i, const char* name, int* out) {
  int64_t v;
  if (!ReadInteger(info, i, name, INT_MIN, INT_MAX, &v)) return false;
  *out = static_cast<int>(v);
  return true;
}

bool ReadFd(const Napi::CallbackInfo& info, size_t i, int* out) {
  int64_t v;
  if (!ReadInteger(info, i, "fd", 0, INT_MAX, &v)) return false;
  *out = static_cast<int>(v);
  return true;
}

bool ReadBuffer(const Napi::CallbackInfo& info, size_t i, const char* name, Napi::Buffer<uint8_t>* out) {
  if (!info[i].IsBuffer()) {
    ThrowArgType(info.Env(), name, "an instance of Buffer", info[i]);
    return false;
  }
  *out = info[i].As<Napi::Buffer<uint8_t>>();
  return true;
}

}  // namespace mptcp
