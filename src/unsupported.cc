// Non-Linux platforms: nothing to bind. The TS layer reports
// support().reason === 'platform' and never loads this.
#include <napi.h>

Napi::Object Init(Napi::Env env, Napi::Object exports) { return exports; }

NODE_API_MODULE(mptcp, Init)
