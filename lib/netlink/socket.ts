// A netlink socket on Node's event loop: requests matched to their replies
// by sequence number (acks, dumps, errors with the kernel's extended-ack
// text), multicast messages as 'message' events, and ENOBUFS (the kernel
// dropped messages we were too slow to read) as a 'lost' event, after which
// the socket keeps working and the caller resyncs.
import { EventEmitter } from 'node:events';
import os from 'node:os';
import { errnoException, hasErrno, mptcpUnavailable, type SystemError } from '../errors';
import { readS32, readU16, readU32, writeU16, writeU32 } from '../kernel/bytes';
import { nativeState, type NativeBinding, type NativePoller } from '../native/binding';
import { align4, NetlinkParseError, splitAttrs } from './attributes';

export const NETLINK_ROUTE = 0;
export const NETLINK_SOCK_DIAG = 4;
export const NETLINK_GENERIC = 16;

export const SOL_NETLINK = 270;
export const NETLINK_ADD_MEMBERSHIP = 1;
export const NETLINK_DROP_MEMBERSHIP = 2;
export const NETLINK_CAP_ACK = 10;
export const NETLINK_EXT_ACK = 11;

export const NLM_F_REQUEST = 0x01;
export const NLM_F_MULTI = 0x02;
export const NLM_F_ACK = 0x04;
export const NLM_F_DUMP = 0x300;
export const NLM_F_ACK_TLVS = 0x200; // on NLMSG_ERROR

export const NLMSG_NOOP = 1;
export const NLMSG_ERROR = 2;
export const NLMSG_DONE = 3;
export const NLMSG_OVERRUN = 4;

const NLMSGERR_ATTR_MSG = 1;
const NLMSGERR_ATTR_OFFS = 2;

export const NLMSG_HDRLEN = 16;
// A dump's datagrams are at most 32 KiB (the kernel sizes them by the
// largest read it has seen, capped there); events are a few hundred bytes.
const RECV_SLOT = 32 * 1024;
/** Datagrams per recvmmsg(): the events of a connection or two. */
const RECV_SLOTS = 4;

export interface NetlinkMessage {
  type: number;
  flags: number;
  seq: number;
  pid: number;
  payload: Buffer;
}

/** A failed request: the kernel's errno, and its extended-ack message when it gave one. */
export interface NetlinkError extends SystemError {
  /** The kernel's explanation (NLMSGERR_ATTR_MSG), e.g. "limit greater than maximum (8)". */
  extack?: string;
  /** Offset of the offending attribute in the request (NLMSGERR_ATTR_OFFS). */
  extackOffset?: number;
}

/** Builds one netlink message. */
export function buildMessage(type: number, flags: number, seq: number, payload: Buffer): Buffer {
  const len = NLMSG_HDRLEN + payload.length;
  const out = Buffer.alloc(align4(len));
  writeU32(out, 0, len);
  writeU16(out, 4, type);
  writeU16(out, 6, flags);
  writeU32(out, 8, seq);
  writeU32(out, 12, 0);
  payload.copy(out, NLMSG_HDRLEN);
  return out;
}

/** Splits a datagram into messages, checking every length. */
export function parseMessages(buf: Buffer): NetlinkMessage[] {
  const out: NetlinkMessage[] = [];
  let off = 0;
  while (off < buf.length) {
    if (buf.length - off < NLMSG_HDRLEN) throw new NetlinkParseError(`truncated message header at offset ${off}`);
    const len = readU32(buf, off);
    if (len < NLMSG_HDRLEN) throw new NetlinkParseError(`message length ${len} at offset ${off} is below the header size`);
    if (off + len > buf.length) throw new NetlinkParseError(`message of ${len} bytes at offset ${off} overruns ${buf.length}`);
    out.push({
      type: readU16(buf, off + 4),
      flags: readU16(buf, off + 6),
      seq: readU32(buf, off + 8),
      pid: readU32(buf, off + 12),
      payload: buf.subarray(off + NLMSG_HDRLEN, off + len),
    });
    off += align4(len);
  }
  return out;
}

/** Decodes an NLMSG_ERROR payload: 0 for an ack, else a NetlinkError. */
export function parseError(msg: NetlinkMessage): NetlinkError | null {
  if (msg.payload.length < 4) throw new NetlinkParseError('truncated NLMSG_ERROR');
  const error = readS32(msg.payload, 0);
  if (error === 0) return null;
  const err = errnoException(error, 'netlink') as NetlinkError;
  if (msg.flags & NLM_F_ACK_TLVS && msg.payload.length >= 4 + NLMSG_HDRLEN) {
    // After the error: the request's header (and payload, unless the ack is capped), then TLVs.
    const inner = readU32(msg.payload, 4);
    const capped = (msg.flags & 0x100) !== 0;
    const tlvStart = 4 + align4(capped ? NLMSG_HDRLEN : inner);
    if (tlvStart <= msg.payload.length) {
      try {
        for (const a of splitAttrs(msg.payload.subarray(tlvStart))) {
          if (a.type === NLMSGERR_ATTR_MSG) {
            const end = a.value.indexOf(0);
            err.extack = a.value.toString('utf8', 0, end === -1 ? a.value.length : end);
          } else if (a.type === NLMSGERR_ATTR_OFFS && a.value.length >= 4) {
            err.extackOffset = readU32(a.value, 0);
          }
        }
      } catch {
        // a malformed TLV tail loses the explanation, not the errno
      }
    }
  }
  if (err.extack) err.message += `: ${err.extack}`;
  return err;
}

interface Pending {
  resolve(messages: NetlinkMessage[]): void;
  reject(err: Error): void;
  messages: NetlinkMessage[];
  dump: boolean;
}

export interface NetlinkSocketEvents {
  /**
   * A message that answers no request (multicast, or unicast from another
   * socket). Its payload is a view of the socket's receive buffer, valid
   * until the listener returns: decode it then, or copy it.
   */
  message: [NetlinkMessage];
  lost: [Error];
  /** A datagram that does not parse: dropped, the socket goes on. */
  malformed: [NetlinkParseError];
  error: [Error];
  close: [];
}

function requireNative(): NativeBinding {
  const state = nativeState();
  if (!state.binding) throw mptcpUnavailable(state.reason ?? 'addon', state.error ?? undefined);
  return state.binding;
}

export class NetlinkSocket extends EventEmitter<NetlinkSocketEvents> {
  readonly fd: number;
  readonly protocol: number;
  /** This socket's netlink port id (assigned by the kernel at bind). */
  readonly portid: number;
  private seq = Math.floor(Math.random() * 0x7fffffff);
  private readonly pending = new Map<number, Pending>();
  private readonly poller: NativePoller;
  private readonly b: NativeBinding;
  private readonly buffer = Buffer.alloc(RECV_SLOTS * RECV_SLOT);
  private readonly lengths = new Uint32Array(RECV_SLOTS);
  /** Messages of the receive buffer are being handed out: requestSync() must not read into it. */
  private dispatching = false;
  private groups = 0;
  private reading = false;
  private closed = false;
  private polling = false;
  private refed = true;
  /** Whether the poller holds the event loop (a libuv handle starts out ref'd). */
  private held = true;

  private constructor(b: NativeBinding, fd: number, protocol: number, portid: number) {
    super();
    this.b = b;
    this.fd = fd;
    this.protocol = protocol;
    this.portid = portid;
    // From here on the poller owns the fd (closed with it, or when this is collected).
    this.poller = new b.Poller(fd, (err, events) => this.onPoll(err, events));
  }

  /** Opens and binds a netlink socket of `protocol` (NETLINK_GENERIC, NETLINK_ROUTE, …). */
  static open(protocol: number): NetlinkSocket {
    const b = requireNative();
    const c = b.constants;
    const fd = b.socket(c.AF_NETLINK!, c.SOCK_RAW! | c.SOCK_NONBLOCK! | c.SOCK_CLOEXEC!, protocol);
    try {
      const addr = Buffer.alloc(b.layouts.sizeof_sockaddr_nl!);
      writeU16(addr, 0, c.AF_NETLINK!);
      b.bind(fd, addr);
      // Extended acks carry the kernel's explanation; capped acks skip echoing our request.
      for (const opt of [NETLINK_EXT_ACK, NETLINK_CAP_ACK]) {
        try {
          b.setsockopt(fd, SOL_NETLINK, opt, 1);
        } catch {
          // older kernels: plain errno only
        }
      }
      const name = Buffer.alloc(b.layouts.sizeof_sockaddr_nl!);
      b.getsockname(fd, name);
      return new NetlinkSocket(b, fd, protocol, readU32(name, b.layouts.offsetof_sockaddr_nl_nl_pid!));
    } catch (err) {
      b.close(fd);
      throw err;
    }
  }

  /** Joins a multicast group: its messages arrive as 'message' events. */
  join(group: number): void {
    this.assertOpen();
    this.b.setsockopt(this.fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, group, 'NETLINK_ADD_MEMBERSHIP');
    this.groups++;
    this.updatePolling();
  }

  leave(group: number): void {
    this.assertOpen();
    this.b.setsockopt(this.fd, SOL_NETLINK, NETLINK_DROP_MEMBERSHIP, group, 'NETLINK_DROP_MEMBERSHIP');
    this.groups = Math.max(0, this.groups - 1);
    this.updatePolling();
  }

  /** Reads (and emits) whatever arrives, also without a group: unicast from another socket. */
  resume(): this {
    this.assertOpen();
    this.reading = true;
    this.updatePolling();
    return this;
  }

  /**
   * Sends a request and resolves with its replies: the messages of a dump,
   * the reply of a "do", or [] for a bare ack. Rejects with a NetlinkError.
   */
  request(type: number, flags: number, payload: Buffer): Promise<NetlinkMessage[]> {
    if (this.closed) return Promise.reject(errnoException(-os.constants.errno.EBADF, 'netlink'));
    const seq = (this.seq = (this.seq + 1) >>> 0 || 1);
    const dump = (flags & NLM_F_DUMP) === NLM_F_DUMP;
    return new Promise<NetlinkMessage[]>((resolve, reject) => {
      const msg = buildMessage(type, NLM_F_REQUEST | NLM_F_ACK | flags, seq, payload);
      try {
        // A netlink send either takes the whole message or fails (no partial writes).
        if (this.b.send(this.fd, msg, 0) === null) throw errnoException(-os.constants.errno.EAGAIN, 'send');
      } catch (err) {
        reject(err as Error);
        return;
      }
      this.pending.set(seq, { resolve, reject, messages: [], dump });
      this.updatePolling();
    });
  }

  /**
   * The same request, answered synchronously. Generic netlink and rtnetlink
   * handle a request inside sendmsg(), so the reply is queued when send()
   * returns; for those this never waits. Throws EAGAIN if it is not there.
   * Use before joining groups (a multicast message in the way is dropped).
   */
  requestSync(type: number, flags: number, payload: Buffer): NetlinkMessage[] {
    this.assertOpen();
    const seq = (this.seq = (this.seq + 1) >>> 0 || 1);
    const dump = (flags & NLM_F_DUMP) === NLM_F_DUMP;
    if (this.b.send(this.fd, buildMessage(type, NLM_F_REQUEST | NLM_F_ACK | flags, seq, payload), 0) === null) {
      throw errnoException(-os.constants.errno.EAGAIN, 'send');
    }
    const messages: NetlinkMessage[] = [];
    // From a 'message' listener, the receive buffer still holds messages to hand out.
    const buffer = this.dispatching ? Buffer.alloc(RECV_SLOT) : this.buffer;
    for (let i = 0; i < 4096; i++) {
      const n = this.b.recv(this.fd, buffer, this.b.constants.MSG_TRUNC!);
      if (n === null) throw errnoException(-os.constants.errno.EAGAIN, 'recv');
      if (n > buffer.length) throw new NetlinkParseError(`a ${n}-byte datagram was truncated`);
      for (const m of parseMessages(Buffer.from(buffer.subarray(0, n)))) {
        if (m.seq !== seq) continue;
        if (m.type === NLMSG_ERROR) {
          const err = parseError(m);
          if (err) throw err;
          return messages;
        }
        if (m.type === NLMSG_DONE) {
          if (m.payload.length >= 4 && readS32(m.payload, 0) < 0) throw errnoException(readS32(m.payload, 0), 'netlink');
          if (dump) return messages;
          continue;
        }
        messages.push(m);
      }
    }
    throw new NetlinkParseError('no end to the reply');
  }

  /** Keeps the event loop alive while joined to a group (the default) or not. */
  ref(): this {
    this.refed = true;
    this.hold(true);
    return this;
  }

  unref(): this {
    this.refed = false;
    this.hold(false);
    return this;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.poller.close(); // the poller owns the fd: this closes it too
    const err = errnoException(-os.constants.errno.ECANCELED, 'netlink');
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    this.emit('close');
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private assertOpen(): void {
    if (this.closed) throw errnoException(-os.constants.errno.EBADF, 'netlink');
  }

  private updatePolling(): void {
    if (this.closed) return;
    const want = this.pending.size > 0 || this.groups > 0 || this.reading;
    if (want && !this.polling) {
      this.poller.start(this.b.pollEvents.READABLE);
      this.polling = true;
    } else if (!want && this.polling) {
      this.poller.stop();
      this.polling = false;
    }
    // Pending requests always hold the loop; a group subscription only if ref'd.
    if (this.polling) this.hold(this.pending.size > 0 || this.refed);
  }

  /** uv_ref or uv_unref the poller, when that changes anything (this runs after every wakeup). */
  private hold(held: boolean): void {
    if (this.closed || held === this.held) return;
    this.held = held;
    if (held) this.poller.ref();
    else this.poller.unref();
  }

  private onPoll(err: Error | null, _events: number): void {
    if (this.closed) return;
    if (err) {
      // libuv reports POLLERR as EBADF and stops the handle. On netlink,
      // POLLERR is a pending socket error: ENOBUFS when the kernel dropped
      // messages for us. Take it (SO_ERROR clears it), report, and re-arm.
      let soerr: number;
      try {
        soerr = this.b.getsockoptInt(this.fd, this.b.constants.SOL_SOCKET!, this.b.constants.SO_ERROR!);
      } catch (e) {
        this.emit('error', e as Error);
        return;
      }
      this.polling = false;
      if (soerr === os.constants.errno.ENOBUFS) this.overrun(errnoException(-soerr, 'recv'));
      else if (soerr !== 0) this.emit('error', errnoException(-soerr, 'recv'));
    }
    // Read until the queue is empty: one readiness can cover many datagrams.
    // recvmmsg takes up to RECV_SLOTS of them per system call, and one that
    // returns fewer has found the queue empty: no recv() just to hear EAGAIN
    // (the poll is level-triggered: whatever comes after wakes it again).
    this.dispatching = true;
    try {
      for (let batches = 0; batches < 1024 / RECV_SLOTS && !this.closed; batches++) {
        let count: number | null;
        try {
          count = this.b.recvBatch(this.fd, this.buffer, RECV_SLOT, this.lengths, this.b.constants.MSG_TRUNC!);
        } catch (e) {
          if (hasErrno(e, 'ENOBUFS')) {
            this.overrun(e as Error);
            continue;
          }
          this.emit('error', e as Error);
          break;
        }
        if (count === null) break;
        for (let i = 0; i < count && !this.closed; i++) this.datagram(i * RECV_SLOT, this.lengths[i]!);
        if (count < RECV_SLOTS) break;
      }
    } finally {
      this.dispatching = false;
    }
    this.updatePolling();
  }

  /** One datagram of `length` bytes (the kernel's count) at `start` in the receive buffer. */
  private datagram(start: number, length: number): void {
    if (length > RECV_SLOT) {
      this.emit('malformed', new NetlinkParseError(`a ${length}-byte datagram was truncated to ${RECV_SLOT}`));
      return;
    }
    let messages: NetlinkMessage[];
    try {
      // Views of the receive buffer, not a copy: what outlives this datagram is copied in dispatch().
      messages = parseMessages(this.buffer.subarray(start, start + length));
    } catch (e) {
      this.emit('malformed', e as NetlinkParseError);
      return;
    }
    for (const m of messages) this.dispatch(m);
  }

  /** The kernel dropped messages for us. Requests may have lost their replies. */
  private overrun(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    this.emit('lost', err);
  }

  private dispatch(m: NetlinkMessage): void {
    const p = m.seq !== 0 ? this.pending.get(m.seq) : undefined;
    if (!p) {
      if (m.type !== NLMSG_NOOP && m.type !== NLMSG_OVERRUN) this.emit('message', m);
      return;
    }
    if (m.type === NLMSG_ERROR) {
      this.pending.delete(m.seq);
      let err: NetlinkError | null;
      try {
        err = parseError(m);
      } catch (e) {
        p.reject(e as Error);
        return;
      }
      if (err) p.reject(err);
      else p.resolve(p.messages);
      return;
    }
    if (m.type === NLMSG_DONE) {
      // A dump ends with DONE carrying an int error (and, with NLM_F_ACK, no separate ack).
      if (m.payload.length >= 4 && readS32(m.payload, 0) < 0) {
        this.pending.delete(m.seq);
        p.reject(parseError({ ...m, type: NLMSG_ERROR }) ?? errnoException(readS32(m.payload, 0), 'netlink'));
        return;
      }
      if (p.dump) {
        this.pending.delete(m.seq);
        p.resolve(p.messages);
      }
      return;
    }
    // Kept until the request ends, past the receive buffer's next use: a copy.
    p.messages.push({ type: m.type, flags: m.flags, seq: m.seq, pid: m.pid, payload: Buffer.from(m.payload) });
  }
}
