#pragma once

#include <napi.h>

namespace mptcp {

void InitConstants(Napi::Env env, Napi::Object exports);

}  // namespace mptcp
