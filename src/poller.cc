#include "poller.h"

#include "args.h"
#include "errors.h"

namespace mptcp {

void Poller::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function ctor = DefineClass(env, "Poller",
                                    {
                                        InstanceMethod<&Poller::Start>("start"),
                                        InstanceMethod<&Poller::Stop>("stop"),
                                        InstanceMethod<&Poller::Close>("close"),
                                        InstanceMethod<&Poller::Ref>("ref"),
                                        InstanceMethod<&Poller::Unref>("unref"),
                                    });
  exports.Set("Poller", ctor);
  Napi::Object events = Napi::Object::New(env);
  events.Set("READABLE", Napi::Number::New(env, UV_READABLE));
  events.Set("WRITABLE", Napi::Number::New(env, UV_WRITABLE));
  events.Set("DISCONNECT", Napi::Number::New(env, UV_DISCONNECT));
  exports.Set("pollEvents", events);
}

// new Poller(fd, callback(err, events))
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
  auto* handle = new uv_poll_t();
  int err = uv_poll_init(loop, handle, fd);
  if (err != 0) {
    delete handle;
    ThrowErrno(env, -err, "uv_poll_init");
    return;
  }
  handle->data = this;
  handle_ = handle;
  callback_ = Napi::Persistent(info[1].As<Napi::Function>());
  context_ = std::make_unique<Napi::AsyncContext>(env, "mptcp:Poller");
  napi_add_env_cleanup_hook(env, OnEnvCleanup, this);
}

Poller::~Poller() {
  if (handle_ != nullptr) napi_remove_env_cleanup_hook(Env(), OnEnvCleanup, this);
  Release();
}

Napi::Value Poller::Start(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (handle_ == nullptr) {
    ThrowErrno(env, EBADF, "uv_poll_start");
    return Napi::Value();
  }
  // uv_poll_start() asserts on other bits, and 0 would "start" without polling.
  int64_t events;
  if (!ReadInteger(info, 0, "events", 1, UV_READABLE | UV_WRITABLE | UV_DISCONNECT | UV_PRIORITIZED, &events))
    return Napi::Value();
  int err = uv_poll_start(handle_, static_cast<int>(events), OnPoll);
  if (err != 0) {
    ThrowErrno(env, -err, "uv_poll_start");
    return Napi::Value();
  }
  if (!started_) {
    started_ = true;
    ObjectWrap::Ref();
  }
  return env.Undefined();
}

Napi::Value Poller::Stop(const Napi::CallbackInfo& info) {
  if (handle_ != nullptr) uv_poll_stop(handle_);
  if (started_) {
    started_ = false;
    ObjectWrap::Unref();
  }
  return info.Env().Undefined();
}

Napi::Value Poller::Close(const Napi::CallbackInfo& info) {
  if (handle_ != nullptr) napi_remove_env_cleanup_hook(info.Env(), OnEnvCleanup, this);
  Release();
  if (started_) {
    started_ = false;
    ObjectWrap::Unref();
  }
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

void Poller::Release() {
  if (handle_ == nullptr) return;
  handle_->data = nullptr;  // no callbacks into this object from here on
  uv_close(reinterpret_cast<uv_handle_t*>(handle_), OnClose);
  handle_ = nullptr;
}

void Poller::OnClose(uv_handle_t* handle) { delete reinterpret_cast<uv_poll_t*>(handle); }

void Poller::OnEnvCleanup(void* self) { static_cast<Poller*>(self)->Release(); }

void Poller::OnPoll(uv_poll_t* handle, int status, int events) {
  auto* self = static_cast<Poller*>(handle->data);
  if (self == nullptr) return;
  Napi::Env env = self->Env();
  Napi::HandleScope scope(env);
  Napi::Value err = env.Null();
  if (status < 0) err = ErrnoError(env, -status, "poll").Value();
  self->callback_.MakeCallback(self->Value(), {err, Napi::Number::New(env, events)}, *self->context_);
  if (env.IsExceptionPending()) {
    // A throw in the JS callback is an uncaught exception, as for any libuv callback.
    Napi::Error e = env.GetAndClearPendingException();
    napi_fatal_exception(env, e.Value());
  }
}

}  // namespace mptcp
