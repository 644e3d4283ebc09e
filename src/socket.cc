// Socket syscalls. Each function is one syscall: it takes an fd, numbers and
// Buffers, and returns the kernel's result or throws a Node-style error.
// Addresses and option values are raw bytes: TS encodes and decodes them.

#include "socket.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <string>

#include "errors.h"

namespace mptcp {
namespace {

bool IsInt(const Napi::Value& v) { return v.IsNumber(); }

bool ReadInt(const Napi::CallbackInfo& info, size_t i, const char* name, int* out) {
  if (!IsInt(info[i])) {
    ThrowArgType(info.Env(), name, "of type number");
    return false;
  }
  *out = info[i].As<Napi::Number>().Int32Value();
  return true;
}

bool ReadBuffer(const Napi::CallbackInfo& info, size_t i, const char* name,
                Napi::Buffer<uint8_t>* out) {
  if (!info[i].IsBuffer()) {
    ThrowArgType(info.Env(), name, "an instance of Buffer");
    return false;
  }
  *out = info[i].As<Napi::Buffer<uint8_t>>();
  return true;
}

// Optional trailing string naming the option, used only in error messages.
std::string OptionName(const Napi::CallbackInfo& info, size_t i) {
  if (info.Length() > i && info[i].IsString()) return info[i].As<Napi::String>().Utf8Value();
  return std::string();
}

// socket(domain, type, protocol) -> fd
Napi::Value Socket(const Napi::CallbackInfo& info) {
  int domain, type, protocol;
  if (!ReadInt(info, 0, "domain", &domain) || !ReadInt(info, 1, "type", &type) ||
      !ReadInt(info, 2, "protocol", &protocol))
    return Napi::Value();
  int fd = ::socket(domain, type, protocol);
  if (fd < 0) {
    ThrowErrno(info.Env(), errno, "socket");
    return Napi::Value();
  }
  return Napi::Number::New(info.Env(), fd);
}

// bind(fd, sockaddr)
Napi::Value Bind(const Napi::CallbackInfo& info) {
  int fd;
  Napi::Buffer<uint8_t> addr;
  if (!ReadInt(info, 0, "fd", &fd) || !ReadBuffer(info, 1, "address", &addr)) return Napi::Value();
  if (::bind(fd, reinterpret_cast<const sockaddr*>(addr.Data()), addr.Length()) != 0) {
    ThrowErrno(info.Env(), errno, "bind");
    return Napi::Value();
  }
  return info.Env().Undefined();
}

// connect(fd, sockaddr) -> 0, or the errno for EINPROGRESS/EALREADY/EISCONN
// (states of a non-blocking connect, not failures); throws otherwise.
Napi::Value Connect(const Napi::CallbackInfo& info) {
  int fd;
  Napi::Buffer<uint8_t> addr;
  if (!ReadInt(info, 0, "fd", &fd) || !ReadBuffer(info, 1, "address", &addr)) return Napi::Value();
  int r;
  do {
    r = ::connect(fd, reinterpret_cast<const sockaddr*>(addr.Data()), addr.Length());
  } while (r != 0 && errno == EINTR);
  if (r != 0) {
    if (errno == EINPROGRESS || errno == EALREADY || errno == EISCONN)
      return Napi::Number::New(info.Env(), errno);
    ThrowErrno(info.Env(), errno, "connect");
    return Napi::Value();
  }
  return Napi::Number::New(info.Env(), 0);
}

// listen(fd, backlog)
Napi::Value Listen(const Napi::CallbackInfo& info) {
  int fd, backlog;
  if (!ReadInt(info, 0, "fd", &fd) || !ReadInt(info, 1, "backlog", &backlog)) return Napi::Value();
  if (::listen(fd, backlog) != 0) {
    ThrowErrno(info.Env(), errno, "listen");
    return Napi::Value();
  }
  return info.Env().Undefined();
}

// close(fd)
Napi::Value Close(const Napi::CallbackInfo& info) {
  int fd;
  if (!ReadInt(info, 0, "fd", &fd)) return Napi::Value();
  // Linux releases the fd even when close() reports EINTR: never retry.
  if (::close(fd) != 0 && errno != EINTR) {
    ThrowErrno(info.Env(), errno, "close");
    return Napi::Value();
  }
  return info.Env().Undefined();
}

// dup(fd) -> new fd, close-on-exec
Napi::Value Dup(const Napi::CallbackInfo& info) {
  int fd;
  if (!ReadInt(info, 0, "fd", &fd)) return Napi::Value();
  int copy = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (copy < 0) {
    ThrowErrno(info.Env(), errno, "dup");
    return Napi::Value();
  }
  return Napi::Number::New(info.Env(), copy);
}

// dup3(fd, target, flags): `target` now refers to `fd`'s socket (its old one is closed)
Napi::Value Dup3(const Napi::CallbackInfo& info) {
  int fd, target, flags;
  if (!ReadInt(info, 0, "fd", &fd) || !ReadInt(info, 1, "target", &target) || !ReadInt(info, 2, "flags", &flags))
    return Napi::Value();
  int r;
  do {
    r = ::dup3(fd, target, flags);
  } while (r < 0 && errno == EINTR);
  if (r < 0) {
    ThrowErrno(info.Env(), errno, "dup3");
    return Napi::Value();
  }
  return info.Env().Undefined();
}

// getsockopt(fd, level, name, buffer[, optionName]) -> length the kernel wrote
Napi::Value GetSockOpt(const Napi::CallbackInfo& info) {
  int fd, level, name;
  Napi::Buffer<uint8_t> buf;
  if (!ReadInt(info, 0, "fd", &fd) || !ReadInt(info, 1, "level", &level) ||
      !ReadInt(info, 2, "name", &name) || !ReadBuffer(info, 3, "buffer", &buf))
    return Napi::Value();
  socklen_t len = static_cast<socklen_t>(buf.Length());
  if (::getsockopt(fd, level, name, buf.Data(), &len) != 0) {
    std::string option = OptionName(info, 4);
    ThrowErrno(info.Env(), errno, "getsockopt", option.empty() ? nullptr : option.c_str());
    return Napi::Value();
  }
  return Napi::Number::New(info.Env(), len);
}

// getsockoptInt(fd, level, name[, optionName]) -> the int the kernel wrote
// (a one-byte answer, as some IP options give, is widened)
Napi::Value GetSockOptInt(const Napi::CallbackInfo& info) {
  int fd, level, name;
  if (!ReadInt(info, 0, "fd", &fd) || !ReadInt(info, 1, "level", &level) || !ReadInt(info, 2, "name", &name))
    return Napi::Value();
  int value = 0;
  socklen_t len = sizeof(value);
  if (::getsockopt(fd, level, name, &value, &len) != 0) {
    std::string option = OptionName(info, 3);
    ThrowErrno(info.Env(), errno, "getsockopt", option.empty() ? nullptr : option.c_str());
    return Napi::Value();
  }
  if (len == 1) value = *reinterpret_cast<unsigned char*>(&value);
  return Napi::Number::New(info.Env(), value);
}

// setsockopt(fd, level, name, int | buffer[, optionName])
Napi::Value SetSockOpt(const Napi::CallbackInfo& info) {
  int fd, level, name;
  if (!ReadInt(info, 0, "fd", &fd) || !ReadInt(info, 1, "level", &level) || !ReadInt(info, 2, "name", &name))
    return Napi::Value();
  int intValue = 0;
  const void* data;
  socklen_t len;
  Napi::Buffer<uint8_t> buf;
  if (info[3].IsNumber()) {
    intValue = info[3].As<Napi::Number>().Int32Value();
    data = &intValue;
    len = sizeof(intValue);
  } else if (info[3].IsBuffer()) {
    buf = info[3].As<Napi::Buffer<uint8_t>>();
    data = buf.Data();
    len = static_cast<socklen_t>(buf.Length());
  } else {
    ThrowArgType(info.Env(), "value", "of type number or an instance of Buffer");
    return Napi::Value();
  }
  if (::setsockopt(fd, level, name, data, len) != 0) {
    std::string option = OptionName(info, 4);
    ThrowErrno(info.Env(), errno, "setsockopt", option.empty() ? nullptr : option.c_str());
    return Napi::Value();
  }
  return info.Env().Undefined();
}

template <int (*Fn)(int, sockaddr*, socklen_t*)>
Napi::Value SockName(const Napi::CallbackInfo& info, const char* syscall) {
  int fd;
  Napi::Buffer<uint8_t> buf;
  if (!ReadInt(info, 0, "fd", &fd) || !ReadBuffer(info, 1, "buffer", &buf)) return Napi::Value();
  socklen_t len = static_cast<socklen_t>(buf.Length());
  if (Fn(fd, reinterpret_cast<sockaddr*>(buf.Data()), &len) != 0) {
    ThrowErrno(info.Env(), errno, syscall);
    return Napi::Value();
  }
  return Napi::Number::New(info.Env(), len);
}

// getsockname(fd, buffer) -> address length
Napi::Value GetSockName(const Napi::CallbackInfo& info) {
  return SockName<::getsockname>(info, "getsockname");
}

// getpeername(fd, buffer) -> address length
Napi::Value GetPeerName(const Napi::CallbackInfo& info) {
  return SockName<::getpeername>(info, "getpeername");
}

// send()/recv() on a non-blocking fd: the kernel's return value, or null
// when the call would block.
template <typename Fn>
Napi::Value Transfer(const Napi::CallbackInfo& info, const char* syscall, Fn fn) {
  int fd, flags;
  Napi::Buffer<uint8_t> buf;
  if (!ReadInt(info, 0, "fd", &fd) || !ReadBuffer(info, 1, "buffer", &buf) ||
      !ReadInt(info, 2, "flags", &flags))
    return Napi::Value();
  ssize_t n;
  do {
    n = fn(fd, buf.Data(), buf.Length(), flags);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) return info.Env().Null();
    ThrowErrno(info.Env(), errno, syscall);
    return Napi::Value();
  }
  return Napi::Number::New(info.Env(), static_cast<double>(n));
}

// send(fd, buffer, flags) -> bytes sent, or null when the socket would block
Napi::Value Send(const Napi::CallbackInfo& info) {
  return Transfer(info, "send", [](int fd, uint8_t* p, size_t n, int f) { return ::send(fd, p, n, f); });
}

// recv(fd, buffer, flags) -> the kernel's return value (with MSG_TRUNC: the
// datagram's full length), or null when nothing is queued
Napi::Value Recv(const Napi::CallbackInfo& info) {
  return Transfer(info, "recv", [](int fd, uint8_t* p, size_t n, int f) { return ::recv(fd, p, n, f); });
}

// addressOf(buffer) -> the Buffer's address as a bigint. MPTCP_FULL_INFO takes
// user pointers inside its struct; TS writes them there itself.
Napi::Value AddressOf(const Napi::CallbackInfo& info) {
  Napi::Buffer<uint8_t> buf;
  if (!ReadBuffer(info, 0, "buffer", &buf)) return Napi::Value();
  return Napi::BigInt::New(info.Env(), static_cast<uint64_t>(reinterpret_cast<uintptr_t>(buf.Data())));
}

}  // namespace

void InitSocket(Napi::Env env, Napi::Object exports) {
  exports.Set("socket", Napi::Function::New<Socket>(env, "socket"));
  exports.Set("bind", Napi::Function::New<Bind>(env, "bind"));
  exports.Set("connect", Napi::Function::New<Connect>(env, "connect"));
  exports.Set("listen", Napi::Function::New<Listen>(env, "listen"));
  exports.Set("close", Napi::Function::New<Close>(env, "close"));
  exports.Set("dup", Napi::Function::New<Dup>(env, "dup"));
  exports.Set("dup3", Napi::Function::New<Dup3>(env, "dup3"));
  exports.Set("getsockopt", Napi::Function::New<GetSockOpt>(env, "getsockopt"));
  exports.Set("getsockoptInt", Napi::Function::New<GetSockOptInt>(env, "getsockoptInt"));
  exports.Set("setsockopt", Napi::Function::New<SetSockOpt>(env, "setsockopt"));
  exports.Set("getsockname", Napi::Function::New<GetSockName>(env, "getsockname"));
  exports.Set("getpeername", Napi::Function::New<GetPeerName>(env, "getpeername"));
  exports.Set("send", Napi::Function::New<Send>(env, "send"));
  exports.Set("recv", Napi::Function::New<Recv>(env, "recv"));
  exports.Set("addressOf", Napi::Function::New<AddressOf>(env, "addressOf"));
}

}  // namespace mptcp
