// Module init: each file registers its own functions.
#include <napi.h>

#include "constants.h"
#include "poller.h"
#include "socket.h"

namespace mptcp {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  InitConstants(env, exports);
  InitSocket(env, exports);
  Poller::Init(env, exports);
  return exports;
}

NODE_API_MODULE(mptcp, Init)

}  // namespace mptcp
