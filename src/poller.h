// Readiness of a file descriptor on Node's own event loop: a uv_poll_t under
// a JS object, in the shape of serialport's Poller. No threads.
//
// The Poller owns its fd from a successful `new Poller(fd, callback)` on: the
// fd is closed with the handle, exactly once, by whichever comes first of
//   - close() from JS,
//   - garbage collection of a Poller that is not started (finalizer),
//   - teardown of the Node environment (an env cleanup hook: worker exit,
//     process exit).
// If the constructor throws, the fd stays the caller's.
//
// What keeps a Poller alive: while started (start() until stop(), close(),
// or an error from libuv, which stops the handle), the addon holds a strong
// reference to the JS object, as Node does for any active handle: an
// active poll that nobody references still delivers its callbacks, so it
// cannot be collected. ref()/unref() decide only whether it keeps the event
// loop running; a started, unref'd Poller that JS has dropped lives (with
// its fd) until close() or environment teardown. A stopped Poller is held
// only by JS references, and the callback is kept on the JS object (not in a
// persistent handle), so a callback that closes over its own Poller does not
// keep it alive.
#pragma once

#include <napi.h>
#include <uv.h>

#include <memory>

namespace mptcp {

class Poller : public Napi::ObjectWrap<Poller> {
 public:
  static void Init(Napi::Env env, Napi::Object exports);

  explicit Poller(const Napi::CallbackInfo& info);  // new Poller(fd, callback(err, events))
  ~Poller() override;

 private:
  Napi::Value Start(const Napi::CallbackInfo& info);  // start(events)
  Napi::Value Stop(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  Napi::Value Ref(const Napi::CallbackInfo& info);
  Napi::Value Unref(const Napi::CallbackInfo& info);
  Napi::Value Fd(const Napi::CallbackInfo& info);      // the owned fd, or -1 once closed

  void SetStarted(bool started);  // holds or releases the strong reference
  void Release();                 // uv_close the handle and close the fd; idempotent
  static void OnPoll(uv_poll_t* handle, int status, int events);
  static void OnClose(uv_handle_t* handle);
  static void OnEnvCleanup(void* self);

  uv_poll_t* handle_ = nullptr;  // heap-owned: freed in OnClose, after this object may be gone
  int fd_ = -1;                  // owned; closed in Release()
  bool hooked_ = false;          // the env cleanup hook is registered
  bool started_ = false;         // while started, a strong reference keeps the JS object alive
  std::unique_ptr<Napi::AsyncContext> context_;
};

}  // namespace mptcp
