#pragma once

#include <napi.h>

namespace mptcp {

void InitSocket(Napi::Env env, Napi::Object exports);

}  // namespace mptcp
