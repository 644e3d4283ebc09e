// Constants whose values come from the C library's headers because they
// differ between architectures (SOL_SOCKET and SO_* on MIPS, SPARC, Alpha,
// PA-RISC; SOCK_NONBLOCK), plus sizes and offsets of the sockaddr structs,
// which TS checks its own layouts against. Kernel UAPI numbers that are the
// same on every architecture (TCP_*, IP_*, MPTCP_*, netlink) live in TS.

#include "constants.h"

#include <fcntl.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

namespace mptcp {

void InitConstants(Napi::Env env, Napi::Object exports) {
  Napi::Object c = Napi::Object::New(env);
#define SET(name) c.Set(#name, Napi::Number::New(env, name))
  SET(AF_UNSPEC);
  SET(AF_INET);
  SET(AF_INET6);
  SET(AF_NETLINK);
  SET(SOCK_STREAM);
  SET(SOCK_DGRAM);
  SET(SOCK_RAW);
  SET(SOCK_NONBLOCK);
  SET(SOCK_CLOEXEC);
  SET(O_CLOEXEC);
  SET(MSG_PEEK);
  SET(MSG_TRUNC);
  SET(MSG_DONTWAIT);
  SET(SOL_SOCKET);
  SET(SO_DEBUG);
  SET(SO_REUSEADDR);
  SET(SO_TYPE);
  SET(SO_ERROR);
  SET(SO_DONTROUTE);
  SET(SO_BROADCAST);
  SET(SO_SNDBUF);
  SET(SO_RCVBUF);
  SET(SO_SNDBUFFORCE);
  SET(SO_RCVBUFFORCE);
  SET(SO_KEEPALIVE);
  SET(SO_OOBINLINE);
  SET(SO_NO_CHECK);
  SET(SO_PRIORITY);
  SET(SO_LINGER);
  SET(SO_REUSEPORT);
  SET(SO_PASSCRED);
  SET(SO_RCVLOWAT);
  SET(SO_SNDLOWAT);
  SET(SO_RCVTIMEO);
  SET(SO_SNDTIMEO);
  SET(SO_BINDTODEVICE);
  SET(SO_TIMESTAMP);
  SET(SO_TIMESTAMPNS);
  SET(SO_ACCEPTCONN);
  SET(SO_PROTOCOL);
  SET(SO_DOMAIN);
  SET(SO_MARK);
  SET(SO_RXQ_OVFL);
  SET(SO_PEEK_OFF);
  SET(SO_BUSY_POLL);
  SET(SO_INCOMING_CPU);
  SET(SO_ZEROCOPY);
  SET(SO_TXTIME);
  SET(SO_BINDTOIFINDEX);
  SET(SO_MAX_PACING_RATE);
  SET(SO_COOKIE);
#undef SET
  exports.Set("constants", c);

  // Layouts of the sockaddr structs, for the TS codec's self-check.
  Napi::Object l = Napi::Object::New(env);
#define SIZE(type) l.Set("sizeof_" #type, Napi::Number::New(env, sizeof(struct type)))
#define OFFSET(type, field) \
  l.Set("offsetof_" #type "_" #field, Napi::Number::New(env, offsetof(struct type, field)))
  SIZE(sockaddr_storage);
  SIZE(sockaddr_in);
  OFFSET(sockaddr_in, sin_family);
  OFFSET(sockaddr_in, sin_port);
  OFFSET(sockaddr_in, sin_addr);
  SIZE(sockaddr_in6);
  OFFSET(sockaddr_in6, sin6_family);
  OFFSET(sockaddr_in6, sin6_port);
  OFFSET(sockaddr_in6, sin6_flowinfo);
  OFFSET(sockaddr_in6, sin6_addr);
  OFFSET(sockaddr_in6, sin6_scope_id);
  SIZE(sockaddr_nl);
  OFFSET(sockaddr_nl, nl_family);
  OFFSET(sockaddr_nl, nl_pid);
  OFFSET(sockaddr_nl, nl_groups);
  SIZE(linger);
  SIZE(timeval);
#undef SIZE
#undef OFFSET
  exports.Set("layouts", l);
}

}  // namespace mptcp
