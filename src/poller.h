// Readiness of a file descriptor on Node's own event loop: a uv_poll_t under
// a JS object, in the shape of serialport's Poller. No threads.
#pragma once

#include <napi.h>
#include <uv.h>

#include <memory>

namespace mptcp {

class Poller : public Napi::ObjectWrap<Poller> {
 public:
  static void Init(Napi::Env env, Napi::Object exports);

  explicit Poller(const Napi::CallbackInfo& info);
  ~Poller() override;

 private:
  Napi::Value Start(const Napi::CallbackInfo& info);  // start(events)
  Napi::Value Stop(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  Napi::Value Ref(const Napi::CallbackInfo& info);
  Napi::Value Unref(const Napi::CallbackInfo& info);

  void Release();  // uv_close the handle; idempotent
  static void OnPoll(uv_poll_t* handle, int status, int events);
  static void OnClose(uv_handle_t* handle);
  static void OnEnvCleanup(void* self);

  uv_poll_t* handle_ = nullptr;  // heap-owned: freed in OnClose, after this object may be gone
  Napi::FunctionReference callback_;
  std::unique_ptr<Napi::AsyncContext> context_;
  bool started_ = false;  // while started, a strong reference keeps the JS object alive
};

}  // namespace mptcp
