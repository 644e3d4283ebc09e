#include "poller.h"

#include <errno.h>
#include <unistd.h>

#include "args.h"
#include "errors.h"

namespace mptcp {
namespace {

// The callback lives on the JS object, traced by the GC like any property:
// a persistent handle to it would be a root, and a callback that refers to
// its Poller (they all do) would keep the Poller alive forever.
constexpr const char* kCallback = "callback";

constexpr int kAllEvents = UV_READABLE | UV_WRITABLE | UV_DISCONNECT | UV_PRIORITIZED;

}  // namespace

void Poller::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function ctor = DefineClass(env, "Poller",
                                    {
                                        InstanceMethod<&Poller::Start>("start"),
                                        InstanceMethod<&Poller::Stop>("stop"),
                                        InstanceMethod<&Poller::Close>("close"),
                                        InstanceMethod<&Poller::Ref>("ref"),
                                        InstanceMethod<&Poller::Unref>("unref"),
                                        InstanceAccessor<&Poller::Fd>("fd"),
                                    });
  exports.Set("Poller", ctor);
  Napi::Object events = Napi::Object::New(env);
  events.Set("READABLE", Napi::Number::New(env, UV_READABLE));
  events.Set("WRITABLE", Napi::Number::New(env, UV_WRITABLE));
  events.Set("DISCONNECT", Napi::Number::New(env, UV_DISCONNECT));
  events.Set("PRIORITIZED", Napi::Number::New(env, UV_PRIORITIZED));
  exports.Set("pollEvents", events);
}

// new Poller(fd, callback(err, events)): takes ownership of fd on success.
Poller::Poller(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Poller>(info) {
  Napi::Env env = info.Env();
  int fd;
  if (!ReadFd(info, 0, &fd)) return;
  if (!info[1].IsFunction()) {
    ThrowArgType(env, "callback", "of type function", info[1]);
    return;
  }
  uv_loop_t* loop = nullptr;
  if (napi_get_uv_event_loop(env, &loop) != napi_ok) {
    Napi::Error::New(env, "no event loop").ThrowAsJavaScriptException();
    return;
  }
  napi_property_descriptor callback = {kCallback, nullptr, nullptr, nullptr, nullptr, info[1], napi_default, nullptr};
  if (napi_define_properties(env, info.This(), 1, &callback) != napi_ok) return;  // an exception is pending
  auto* handle = new uv_poll_t();
  int err = uv_poll_init(loop, handle, fd);
  if (err != 0) {
    delete handle;  // never initialized as a handle: nothing for uv_close
    ThrowErrno(env, -err, "uv_poll_init");
    return;
  }
  handle->data = this;
  handle_ = handle;
  fd_ = fd;
  context_ = std::make_unique<Napi::AsyncContext>(env, "mptcp:Poller");
  if (napi_add_env_cleanup_hook(env, OnEnvCleanup, this) == napi_ok) hooked_ = true;
}

// The finalizer: the JS object was collected (so it was not started), or the
// environment is going away.
Poller::~Poller() {
  if (hooked_) napi_remove_env_cleanup_hook(Env(), OnEnvCleanup, this);
  hooked_ = false;
  Release();
}

Napi::Value Poller::Start(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int64_t events;
  // uv_poll_start() asserts on other bits, and 0 would "start" without polling.
  if (!ReadInteger(info, 0, "events", 1, kAllEvents, &events)) return Napi::Value();
  if (handle_ == nullptr) {
    ThrowErrno(env, EBADF, "uv_poll_start");
    return Napi::Value();
  }
  int err = uv_poll_start(handle_, static_cast<int>(events), OnPoll);
  if (err != 0) {
    ThrowErrno(env, -err, "uv_poll_start");
    return Napi::Value();
  }
  SetStarted(true);
  return env.Undefined();
}

Napi::Value Poller::Stop(const Napi::CallbackInfo& info) {
  if (handle_ != nullptr) uv_poll_stop(handle_);
  SetStarted(false);
  return info.Env().Undefined();
}

// close(): stops polling and closes the fd. Idempotent.
Napi::Value Poller::Close(const Napi::CallbackInfo& info) {
  if (hooked_) napi_remove_env_cleanup_hook(info.Env(), OnEnvCleanup, this);
  hooked_ = false;
  Release();
  SetStarted(false);
  return info.Env().Undefined();
}

Napi::Value Poller::Ref(const Napi::CallbackInfo& info) {
  if (handle_ != nullptr) uv_ref(reinterpret_cast<uv_handle_t*>(handle_));
  return info.Env().Undefined();
}

Napi::Value Poller::Unref(const Napi::CallbackInfo& info) {
  if (handle_ != nullptr) uv_unref(reinterpret_cast<uv_handle_t*>(handle_));
  return info.Env().Undefined();
}

Napi::Value Poller::Fd(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), fd_); }

void Poller::SetStarted(bool started) {
  if (started == started_) return;
  started_ = started;
  if (started) {
    ObjectWrap::Ref();
  } else {
    ObjectWrap::Unref();
  }
}

void Poller::Release() {
  if (handle_ != nullptr) {
    handle_->data = nullptr;  // no callbacks into this object from here on
    // uv_close() stops the watcher and drops the fd from epoll right away;
    // the memory goes in OnClose, on a later loop iteration.
    uv_close(reinterpret_cast<uv_handle_t*>(handle_), OnClose);
    handle_ = nullptr;
  }
  if (fd_ >= 0) {
    ::close(fd_);  // Linux releases the fd even on EINTR; nothing to report to anyone here
    fd_ = -1;
  }
}

void Poller::OnClose(uv_handle_t* handle) { delete reinterpret_cast<uv_poll_t*>(handle); }

void Poller::OnEnvCleanup(void* self) {
  auto* poller = static_cast<Poller*>(self);
  poller->hooked_ = false;  // Node removes a hook as it runs it
  poller->Release();
}

void Poller::OnPoll(uv_poll_t* handle, int status, int events) {
  auto* self = static_cast<Poller*>(handle->data);
  if (self == nullptr) return;
  napi_env env = self->Env();
  Napi::HandleScope scope(env);
  Napi::Object object = self->Value();  // a local: keeps the object alive through the call
  // Raw N-API from here: node-addon-api turns a failed call into a fatal
  // error when C++ exceptions are off, and a call can fail for a reason that
  // is not an error: while the environment shuts down, Node spins the loop
  // to close its handles (Environment::CleanupHandles) with JavaScript
  // disallowed, before it runs the cleanup hooks. Then every call that needs
  // JS fails with no exception pending: stop polling, the cleanup hook closes.
  napi_value callback;
  if (napi_get_named_property(env, object, kCallback, &callback) != napi_ok) {
    bool pending = false;
    napi_is_exception_pending(env, &pending);
    if (!pending) uv_poll_stop(handle);
    return;
  }
  napi_value argv[2];
  if (status < 0) {
    // libuv has stopped the handle (POLLERR): no longer started, until start() again.
    self->SetStarted(false);
    argv[0] = ErrnoError(env, -status, "poll").Value();
  } else {
    napi_get_null(env, &argv[0]);
  }
  napi_create_int32(env, events, &argv[1]);
  napi_value result;
  if (napi_make_callback(env, *self->context_, object, callback, 2, argv, &result) != napi_ok) {
    bool pending = false;
    napi_is_exception_pending(env, &pending);
    if (!pending) return;  // JS cannot run any more (see above)
    // A throw in the JS callback is an uncaught exception, as for any libuv callback.
    napi_value e;
    napi_get_and_clear_last_exception(env, &e);
    napi_fatal_exception(env, e);
  }
}

}  // namespace mptcp
