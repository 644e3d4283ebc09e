// Socket syscalls. Each function is one syscall: it takes an fd, numbers and
// Buffers, and returns the kernel's result or throws a Node-style error.
// Addresses and option values are raw bytes: TS encodes and decodes them.

#include "socket.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "args.h"
#include "errors.h"

namespace mptcp {
namespace {

// Optional trailing string naming the option, used only in error messages.
// Call it after errno has been saved: it allocates.
std::string OptionName(const Napi::CallbackInfo& info, size_t i) {
  if (info.Length() > i && info[i].IsString()) return info[i].As<Napi::String>().Utf8Value();
  return std::string();
}

Napi::Value ThrowOption(const Napi::CallbackInfo& info, int err, const char* syscall, size_t optionArg) {
  std::string option = OptionName(info, optionArg);
  ThrowErrno(info.Env(), err, syscall, option.empty() ? nullptr : option.c_str());
  return Napi::Value();
}

// socket(domain, type, protocol) -> fd
Napi::Value Socket(const Napi::CallbackInfo& info) {
  int domain, type, protocol;
  if (!ReadInt(info, 0, "domain", &domain) || !ReadInt(info, 1, "type", &type) ||
      !ReadInt(info, 2, "protocol", &protocol))
    return Napi::Value();
  int fd = ::socket(domain, type, protocol);
  if (fd < 0) {
    int err = errno;
    ThrowErrno(info.Env(), err, "socket");
    return Napi::Value();
  }
  return Napi::Number::New(info.Env(), fd);
}

// bind(fd, sockaddr)
Napi::Value Bind(const Napi::CallbackInfo& info) {
  int fd;
  Napi::Buffer<uint8_t> addr;
  if (!ReadFd(info, 0, &fd) || !ReadBuffer(info, 1, "address", &addr)) return Napi::Value();
  if (::bind(fd, reinterpret_cast<const sockaddr*>(addr.Data()), addr.Length()) != 0) {
    int err = errno;
    ThrowErrno(info.Env(), err, "bind");
    return Napi::Value();
  }
  return info.Env().Undefined();
}

// connect(fd, sockaddr) -> 0, or the errno for EINPROGRESS/EALREADY/EISCONN
// (states of a non-blocking connect, not failures); throws otherwise.
Napi::Value Connect(const Napi::CallbackInfo& info) {
  int fd;
  Napi::Buffer<uint8_t> addr;
  if (!ReadFd(info, 0, &fd) || !ReadBuffer(info, 1, "address", &addr)) return Napi::Value();
  int r, err = 0;
  do {
    r = ::connect(fd, reinterpret_cast<const sockaddr*>(addr.Data()), addr.Length());
    err = r != 0 ? errno : 0;
  } while (r != 0 && err == EINTR);
  if (r != 0) {
    if (err == EINPROGRESS || err == EALREADY || err == EISCONN) return Napi::Number::New(info.Env(), err);
    ThrowErrno(info.Env(), err, "connect");
    return Napi::Value();
  }
  return Napi::Number::New(info.Env(), 0);
}

// listen(fd, backlog)
Napi::Value Listen(const Napi::CallbackInfo& info) {
  int fd, backlog;
  if (!ReadFd(info, 0, &fd) || !ReadInt(info, 1, "backlog", &backlog)) return Napi::Value();
  if (::listen(fd, backlog) != 0) {
    int err = errno;
    ThrowErrno(info.Env(), err, "listen");
    return Napi::Value();
  }
  return info.Env().Undefined();
}

// close(fd)
Napi::Value Close(const Napi::CallbackInfo& info) {
  int fd;
  if (!ReadFd(info, 0, &fd)) return Napi::Value();
  // Linux releases the fd even when close() reports EINTR: never retry.
  if (::close(fd) != 0) {
    int err = errno;
    if (err == EINTR) return info.Env().Undefined();
    ThrowErrno(info.Env(), err, "close");
    return Napi::Value();
  }
  return info.Env().Undefined();
}

// dup(fd) -> new fd, close-on-exec
Napi::Value Dup(const Napi::CallbackInfo& info) {
  int fd;
  if (!ReadFd(info, 0, &fd)) return Napi::Value();
  int copy = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (copy < 0) {
    int err = errno;
    ThrowErrno(info.Env(), err, "dup");
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
  if (!ReadFd(info, 0, &fd) || !ReadInt(info, 1, "level", &level) || !ReadInt(info, 2, "name", &name) ||
      !ReadBuffer(info, 3, "buffer", &buf))
    return Napi::Value();
  socklen_t len = static_cast<socklen_t>(buf.Length());
  if (::getsockopt(fd, level, name, buf.Data(), &len) != 0) return ThrowOption(info, errno, "getsockopt", 4);
  return Napi::Number::New(info.Env(), len);
}

// getsockoptInt(fd, level, name[, optionName]) -> the int the kernel wrote
// (a one-byte answer, as some IP options give, is widened)
Napi::Value GetSockOptInt(const Napi::CallbackInfo& info) {
  int fd, level, name;
  if (!ReadFd(info, 0, &fd) || !ReadInt(info, 1, "level", &level) || !ReadInt(info, 2, "name", &name))
    return Napi::Value();
  int value = 0;
  socklen_t len = sizeof(value);
  if (::getsockopt(fd, level, name, &value, &len) != 0) return ThrowOption(info, errno, "getsockopt", 3);
  if (len == 1) value = *reinterpret_cast<unsigned char*>(&value);
  return Napi::Number::New(info.Env(), value);
}

// setsockopt(fd, level, name, int | buffer[, optionName]). A number is an int
// option: -2**31 … 2**32-1, as the kernel reads it as int or as u32.
Napi::Value SetSockOpt(const Napi::CallbackInfo& info) {
  int fd, level, name;
  if (!ReadFd(info, 0, &fd) || !ReadInt(info, 1, "level", &level) || !ReadInt(info, 2, "name", &name))
    return Napi::Value();
  int intValue = 0;
  const void* data;
  socklen_t len;
  Napi::Buffer<uint8_t> buf;
  if (info[3].IsNumber()) {
    int64_t v;
    if (!ReadInteger(info, 3, "value", INT32_MIN, UINT32_MAX, &v)) return Napi::Value();
    intValue = static_cast<int>(static_cast<uint32_t>(v));
    data = &intValue;
    len = sizeof(intValue);
  } else if (info[3].IsBuffer()) {
    buf = info[3].As<Napi::Buffer<uint8_t>>();
    data = buf.Data();
    len = static_cast<socklen_t>(buf.Length());
  } else {
    ThrowArgType(info.Env(), "value", "of type number or an instance of Buffer", info[3]);
    return Napi::Value();
  }
  if (::setsockopt(fd, level, name, data, len) != 0) return ThrowOption(info, errno, "setsockopt", 4);
  return info.Env().Undefined();
}

// struct mptcp_full_info up to its embedded mptcp_info (linux/mptcp.h, 6.5).
// Our own copy: the C library's headers may predate it.
struct MptcpFullInfoHeader {
  uint32_t size_tcpinfo_kernel;  // in: 0
  uint32_t size_tcpinfo_user;    // in: our tcp_info stride; out: min(ours, the kernel's)
  uint32_t size_sfinfo_kernel;   // in: 0
  uint32_t size_sfinfo_user;     // in: our mptcp_subflow_info stride; out: min(ours, the kernel's)
  uint32_t num_subflows;         // in: 0; out: all subflows, also those that did not fit
  uint32_t size_arrays_user;     // in: how many elements each array holds
  alignas(8) uint64_t subflow_info;  // user pointer
  alignas(8) uint64_t tcp_info;      // user pointer
};
static_assert(sizeof(MptcpFullInfoHeader) == 40, "struct mptcp_full_info header");
static_assert(offsetof(MptcpFullInfoHeader, subflow_info) == 24, "mptcp_full_info.subflow_info");
static_assert(offsetof(MptcpFullInfoHeader, tcp_info) == 32, "mptcp_full_info.tcp_info");
constexpr int kSolMptcp = 284;
constexpr int kMptcpFullInfo = 4;

// getsockoptFullInfo(fd, head, subflowInfo, subflowInfoSize, tcpInfo, tcpInfoSize, count)
//   -> the length the kernel wrote to head.
// getsockopt(SOL_MPTCP, MPTCP_FULL_INFO): struct mptcp_full_info carries two
// user pointers, to arrays the kernel writes to. This is the only place that
// makes them: from the Buffers it is given, once it has checked that `count`
// elements of each stride fit in them (the kernel writes at most `count`
// elements, each at most as long as the stride asked for), and that `head`
// holds the header. TS reads num_subflows, the strides the kernel used, and
// mptcp_info from `head`; the pointers are zeroed again before returning.
Napi::Value GetSockOptFullInfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd;
  int64_t sfSize, tiSize, count;
  Napi::Buffer<uint8_t> head, sf, ti;
  if (!ReadFd(info, 0, &fd) || !ReadBuffer(info, 1, "head", &head) || !ReadBuffer(info, 2, "subflowInfo", &sf) ||
      !ReadInteger(info, 3, "subflowInfoSize", 0, INT32_MAX, &sfSize) || !ReadBuffer(info, 4, "tcpInfo", &ti) ||
      !ReadInteger(info, 5, "tcpInfoSize", 0, INT32_MAX, &tiSize))
    return Napi::Value();
  if (head.Length() < sizeof(MptcpFullInfoHeader) || head.Length() > INT32_MAX) {
    ThrowOutOfRange(env, "head.length", ">= 40 && <= 2147483647", Napi::Number::New(env, head.Length()));
    return Napi::Value();
  }
  // count × stride ≤ length for both arrays (a zero stride: nothing is written).
  int64_t maxCount = INT32_MAX;
  if (sfSize > 0) maxCount = std::min<int64_t>(maxCount, sf.Length() / sfSize);
  if (tiSize > 0) maxCount = std::min<int64_t>(maxCount, ti.Length() / tiSize);
  if (!ReadInteger(info, 6, "count", 0, maxCount, &count)) return Napi::Value();

  MptcpFullInfoHeader h{};
  h.size_tcpinfo_user = static_cast<uint32_t>(tiSize);
  h.size_sfinfo_user = static_cast<uint32_t>(sfSize);
  h.size_arrays_user = static_cast<uint32_t>(count);
  h.subflow_info = static_cast<uint64_t>(reinterpret_cast<uintptr_t>(sf.Data()));
  h.tcp_info = static_cast<uint64_t>(reinterpret_cast<uintptr_t>(ti.Data()));
  std::memcpy(head.Data(), &h, sizeof(h));
  socklen_t len = static_cast<socklen_t>(head.Length());
  int r = ::getsockopt(fd, kSolMptcp, kMptcpFullInfo, head.Data(), &len);
  int err = r != 0 ? errno : 0;
  // No addresses in JS memory, whatever the kernel did.
  std::memset(head.Data() + offsetof(MptcpFullInfoHeader, subflow_info), 0, 2 * sizeof(uint64_t));
  if (r != 0) {
    ThrowErrno(env, err, "getsockopt", "MPTCP_FULL_INFO");
    return Napi::Value();
  }
  return Napi::Number::New(env, len);
}

template <int (*Fn)(int, sockaddr*, socklen_t*)>
Napi::Value SockName(const Napi::CallbackInfo& info, const char* syscall) {
  int fd;
  Napi::Buffer<uint8_t> buf;
  if (!ReadFd(info, 0, &fd) || !ReadBuffer(info, 1, "buffer", &buf)) return Napi::Value();
  socklen_t len = static_cast<socklen_t>(buf.Length());
  if (Fn(fd, reinterpret_cast<sockaddr*>(buf.Data()), &len) != 0) {
    int err = errno;
    ThrowErrno(info.Env(), err, syscall);
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
  if (!ReadFd(info, 0, &fd) || !ReadBuffer(info, 1, "buffer", &buf) || !ReadInt(info, 2, "flags", &flags))
    return Napi::Value();
  ssize_t n;
  int err = 0;
  do {
    n = fn(fd, buf.Data(), buf.Length(), flags);
    err = n < 0 ? errno : 0;
  } while (n < 0 && err == EINTR);
  if (n < 0) {
    if (err == EAGAIN || err == EWOULDBLOCK) return info.Env().Null();
    ThrowErrno(info.Env(), err, syscall);
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

// At most this many datagrams per recvBatch() call (the mmsghdrs live on the stack).
constexpr size_t kMaxBatch = 64;

// recvBatch(fd, buffer, slotSize, lengths, flags) -> how many datagrams were
// read, or null when none is queued.
// recvmmsg(2) on a non-blocking fd: datagram i lands at buffer[i * slotSize]
// and lengths[i] is the kernel's return value for it (with MSG_TRUNC, a
// netlink datagram's full length: above slotSize, it was cut). It reads what
// is queued, up to min(lengths.length, buffer.length / slotSize, 64)
// datagrams, and returns without waiting for more: fewer than asked means the
// queue was empty. An error after the first datagram is kept by the kernel
// for the next call.
Napi::Value RecvBatch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd, flags;
  int64_t slot;
  Napi::Buffer<uint8_t> buf;
  if (!ReadFd(info, 0, &fd) || !ReadBuffer(info, 1, "buffer", &buf) ||
      !ReadInteger(info, 2, "slotSize", 1, std::min<int64_t>(buf.Length(), INT32_MAX), &slot))
    return Napi::Value();
  if (!info[3].IsTypedArray() || info[3].As<Napi::TypedArray>().TypedArrayType() != napi_uint32_array) {
    ThrowArgType(env, "lengths", "an instance of Uint32Array", info[3]);
    return Napi::Value();
  }
  Napi::Uint32Array lengths = info[3].As<Napi::Uint32Array>();
  if (lengths.ElementLength() == 0) {
    ThrowOutOfRange(env, "lengths.length", ">= 1", Napi::Number::New(env, 0));
    return Napi::Value();
  }
  if (!ReadInt(info, 4, "flags", &flags)) return Napi::Value();
  size_t count = std::min({lengths.ElementLength(), buf.Length() / static_cast<size_t>(slot), kMaxBatch});
  mmsghdr msgs[kMaxBatch];
  iovec iov[kMaxBatch];
  std::memset(msgs, 0, count * sizeof(mmsghdr));
  for (size_t i = 0; i < count; i++) {
    iov[i].iov_base = buf.Data() + i * static_cast<size_t>(slot);
    iov[i].iov_len = static_cast<size_t>(slot);
    msgs[i].msg_hdr.msg_iov = &iov[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
  }
  int n, err = 0;
  do {
    n = ::recvmmsg(fd, msgs, static_cast<unsigned int>(count), flags, nullptr);
    err = n < 0 ? errno : 0;
  } while (n < 0 && err == EINTR);
  if (n < 0) {
    if (err == EAGAIN || err == EWOULDBLOCK) return env.Null();
    ThrowErrno(env, err, "recvmmsg");
    return Napi::Value();
  }
  for (int i = 0; i < n; i++) lengths[i] = msgs[i].msg_len;
  return Napi::Number::New(env, n);
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
  exports.Set("recvBatch", Napi::Function::New<RecvBatch>(env, "recvBatch"));
  exports.Set("getsockoptFullInfo", Napi::Function::New<GetSockOptFullInfo>(env, "getsockoptFullInfo"));
}

}  // namespace mptcp
