// The netlink codec: attribute encoding (nesting, alignment, byte order),
// a captured kernel event decoded field by field, the generated event
// decoder against the generic one, and malformed input rejected with
// NetlinkParseError, never anything worse.
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { describeUnless, lacks } from '../helpers/requires';
import { decodeAttrs, encodeAttrs, NetlinkParseError, NLA_F_NESTED, splitAttrs } from '../../dist/netlink/attributes.js';
import { buildMessage, NLMSG_ERROR, parseError, parseMessages } from '../../dist/netlink/socket.js';
import { genlPayload } from '../../dist/netlink/genl.js';
import { decodeEvent } from '../../dist/pm/events.js';
import { EventAttrs } from '../../dist/pm/decoders.js';
import { decodeAddress, familyName } from '../../dist/pm/address.js';
import { ADDR_ATTRS, EVENT_ATTRS, EVENTS, PM_ATTRS, RESET_REASONS } from '../../dist/pm/spec.js';
import type { AttrValues } from '../../dist/netlink/attributes.js';
import type { NetlinkMessage } from '../../dist/netlink/socket.js';

const le = (hex: string) => Buffer.from(hex, 'hex');

// Checked by code: a module loaded through two paths has two classes.
function parseFailure(fn: () => unknown): void {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toMatchObject({ name: 'NetlinkParseError', code: 'ERR_NETLINK_PARSE' });
}
function nla(type: number, value: Buffer): Buffer {
  const len = 4 + value.length;
  const b = Buffer.alloc((len + 3) & ~3);
  b.writeUInt16LE(len, 0);
  b.writeUInt16LE(type, 2);
  value.copy(b, 4);
  return b;
}

describe('attributes', () => {
  it('encodes an endpoint as pm_nl_ctl does: nested, host-order port, network-order address', () => {
    const buf = encodeAttrs(PM_ATTRS, { addr: { family: 2, id: 7, addr4: Buffer.from([192, 0, 2, 1]), port: 10100, flags: 1 } });
    const [outer] = splitAttrs(buf);
    expect(outer!.type).toBe(1);
    expect(outer!.nested).toBe(true);
    expect(buf.readUInt16LE(2) & NLA_F_NESTED).toBe(NLA_F_NESTED);
    const inner = splitAttrs(outer!.value);
    expect(inner.map((a) => [a.type, a.value.toString('hex')])).toEqual([
      [1, '0200'], // FAMILY u16 host order
      [2, '07'], // ID u8 (padded to 4 on the wire)
      [3, 'c0000201'], // ADDR4 network order
      [5, '7427'], // PORT u16 host order: 10100 = 0x2774
      [6, '01000000'], // FLAGS u32
    ]);
    expect(decodeAttrs(PM_ATTRS, buf)).toEqual({ addr: { family: 2, id: 7, addr4: Buffer.from([192, 0, 2, 1]), port: 10100, flags: 1 } });
  });

  it('pads to 4 bytes and NUL-terminates strings', () => {
    const set = { name: { id: 2, type: 'string' } } as const;
    const buf = encodeAttrs(set, { name: 'mptcp_pm' });
    expect(buf.length).toBe(16); // 4 + 9 -> 13 -> padded 16
    expect(buf.readUInt16LE(0)).toBe(13);
    expect(decodeAttrs(set, buf)).toEqual({ name: 'mptcp_pm' });
  });

  it('skips attribute types it does not know', () => {
    const buf = Buffer.concat([nla(99, Buffer.alloc(8)), nla(2, Buffer.from([5]))]);
    expect(decodeAttrs(ADDR_ATTRS, buf)).toEqual({ id: 5 });
  });

  it('refuses values of the wrong type when encoding', () => {
    expect(() => encodeAttrs(PM_ATTRS, { token: 'x' })).toThrow(TypeError);
    expect(() => encodeAttrs(PM_ATTRS, { nope: 1 })).toThrow(/unknown netlink attribute/);
  });
});

describe('a captured mptcp_pm event (Linux 6.18, server-side CREATED)', () => {
  // TOKEN=37b495c0 SERVER_SIDE=01 FLAGS=0200 FAMILY=0200 SADDR4=0a000101
  // DADDR4=0a000102 SPORT=1c20 DPORT=9e2a LOC_ID=00 REM_ID=00
  const attrs = Buffer.concat([
    nla(1, le('37b495c0')),
    nla(18, le('01')),
    nla(13, le('0200')),
    nla(2, le('0200')),
    nla(5, le('0a000101')),
    nla(7, le('0a000102')),
    nla(9, le('1c20')),
    nla(10, le('9e2a')),
    nla(3, le('00')),
    nla(4, le('00')),
  ]);
  const msg = parseMessages(buildMessage(0x1c, 0, 0, genlPayload(1, 1, attrs)))[0]!;

  it('decodes every field, with big-endian ports', () => {
    expect(decodeEvent(msg)).toEqual({
      type: 'created',
      token: 0xc095b437,
      family: 'IPv4',
      localAddress: '10.0.1.1',
      localPort: 7200,
      remoteAddress: '10.0.1.2',
      remotePort: 0x9e2a,
      localId: 0,
      remoteId: 0,
      serverSide: true,
      denyJoinId0: false,
      flags: 2,
    });
  });

  it('decodes an ANNOUNCED, which has no FAMILY attribute', () => {
    const a = Buffer.concat([nla(1, le('01020304')), nla(4, le('01')), nla(10, le('1c20')), nla(7, le('c6336401'))]);
    const ev = decodeEvent(parseMessages(buildMessage(0x1c, 0, 0, genlPayload(6, 1, a)))[0]!);
    expect(ev).toEqual({ type: 'announced', token: 0x04030201, family: 'IPv4', remoteAddress: '198.51.100.1', remotePort: 7200, remoteId: 1 });
  });

  it('ignores an event type it does not know', () => {
    expect(decodeEvent(parseMessages(buildMessage(0x1c, 0, 0, genlPayload(42, 1, attrs)))[0]!)).toBeNull();
  });
});

describe('generated event decoding (lib/pm/decoders.ts) is the generic decoding', () => {
  const SIZES: Record<string, number> = { u8: 1, u16: 2, be16: 2, u32: 4, s32: 4, binary: 4 };
  const specs = Object.entries(EVENT_ATTRS);

  /** Random but repeatable bytes. */
  let state = crypto.createHash('sha256').update('events').digest();
  function bytes(n: number): Buffer {
    const out: Buffer[] = [];
    for (let len = 0; len < n; len += 32) {
      state = crypto.createHash('sha256').update(state).digest();
      out.push(state);
    }
    return Buffer.concat(out).subarray(0, n);
  }
  const pick = (n: number): number => bytes(1)[0]! % n;

  /** Every event attribute (addresses of 4 or 16 bytes), some twice, unknown ones and flag bits between. */
  function event(): Buffer {
    const parts: Buffer[] = [];
    for (const [name, spec] of specs) {
      if (pick(4) === 0) continue;
      const size = spec.type === 'binary' ? (name.endsWith('6') ? 16 : 4) : SIZES[spec.type]!;
      parts.push(nla(spec.id | (pick(4) === 0 ? NLA_F_NESTED : 0), bytes(size)));
      if (pick(8) === 0) parts.push(nla(spec.id, bytes(size)));
      if (pick(8) === 0) parts.push(nla(19 + pick(200), bytes(pick(12))));
    }
    return Buffer.concat(parts);
  }

  /** Only the attributes seen: what decodeAttrs returns. */
  const seen = (a: object): AttrValues => Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) as AttrValues;

  function outcome(fn: () => unknown): { value?: unknown; error?: string } {
    try {
      return { value: fn() };
    } catch (err) {
      expect(err).toMatchObject({ name: 'NetlinkParseError', code: 'ERR_NETLINK_PARSE' });
      return { error: (err as Error).message };
    }
  }

  /** The same attributes, or the same NetlinkParseError; also from the middle of a larger buffer. */
  function same(attrs: Buffer): void {
    const generic = outcome(() => decodeAttrs(EVENT_ATTRS, attrs));
    expect(outcome(() => seen(new EventAttrs(attrs, 0, attrs.length)))).toEqual(generic);
    const framed = Buffer.concat([bytes(5), attrs, bytes(7)]);
    expect(outcome(() => seen(new EventAttrs(framed, 5, 5 + attrs.length)))).toEqual(generic);
  }

  it('whole events, 300 of them', () => {
    for (let i = 0; i < 300; i++) same(event());
  });

  it('events cut at every length', () => {
    for (let i = 0; i < 20; i++) {
      const attrs = event();
      for (let len = 0; len <= attrs.length; len++) same(attrs.subarray(0, len));
    }
  });

  it('every attribute one byte short, and with a length past the end', () => {
    for (const [, spec] of specs) {
      const need = SIZES[spec.type]!;
      if (spec.type !== 'binary') same(Buffer.concat([nla(1, bytes(4)), nla(spec.id, bytes(need - 1))]));
      const cut = nla(spec.id, bytes(need));
      cut.writeUInt16LE(cut.length + 4, 0);
      same(Buffer.concat([nla(1, bytes(4)), cut]));
    }
  });

  it('random bytes, 2000 inputs', () => {
    for (let i = 0; i < 2000; i++) same(bytes(pick(96)));
  });

  // decodeEvent() as it was written on the generic decoder, before lib/pm/decoders.ts.
  function genericEvent(msg: NetlinkMessage): unknown {
    if (msg.payload.length < 4) throw new NetlinkParseError('truncated genlmsghdr');
    const a = decodeAttrs(EVENT_ATTRS, msg.payload.subarray(4)) as Record<string, number | Buffer | undefined>;
    const type = (EVENTS as Record<number, string | undefined>)[msg.payload[0]!];
    if (!type) return null;
    const local = decodeAddress(a.saddr4, a.saddr6) ?? '';
    const remote = decodeAddress(a.daddr4, a.daddr6) ?? '';
    const family = familyName(a.family as number | undefined, local || remote) ?? 'IPv4';
    const n = (v: unknown): number => (v as number | undefined) ?? 0;
    const ends = { family, localAddress: local, localPort: n(a.sport), remoteAddress: remote, remotePort: n(a.dport), localId: n(a.locId), remoteId: n(a.remId) };
    const token = n(a.token);
    switch (type) {
      case 'created':
      case 'established': {
        const flags = n(a.flags);
        return { type, token, ...ends, serverSide: (flags & 2) !== 0 || a.serverSide === 1, denyJoinId0: (flags & 1) !== 0, flags };
      }
      case 'closed':
        return { type, token };
      case 'announced':
        return { type, token, family, remoteAddress: remote, remotePort: n(a.dport), remoteId: n(a.remId) };
      case 'removed':
        return { type, token, remoteId: n(a.remId) };
      case 'listener_created':
      case 'listener_closed':
        return { type, family, localAddress: local, localPort: n(a.sport) };
      default: {
        const ev: Record<string, unknown> = { type, token, ...ends, backup: a.backup === 1 };
        if (typeof a.ifindex === 'number' && a.ifindex !== 0) ev.ifindex = a.ifindex;
        if (typeof a.error === 'number' && a.error !== 0) ev.error = a.error;
        if (typeof a.resetReason === 'number') {
          ev.resetReason = a.resetReason;
          const name = (RESET_REASONS as Record<number, string | undefined>)[a.resetReason];
          if (name) ev.resetReasonName = name;
        }
        if (typeof a.resetFlags === 'number') ev.resetFlags = a.resetFlags;
        return ev;
      }
    }
  }

  it('decodeEvent() gives what it gave on the generic decoder, for every event type, key order included', () => {
    for (const cmd of [...Object.keys(EVENTS).map(Number), 42]) {
      for (let i = 0; i < 40; i++) {
        const attrs = event();
        // small reset reasons, so that some have a name
        const withReason = pick(2) === 0 ? Buffer.concat([attrs, nla(16, Buffer.from([pick(8), 0, 0, 0]))]) : attrs;
        const msg = parseMessages(buildMessage(0x1c, 0, 0, genlPayload(cmd, 1, withReason)))[0]!;
        const expected = outcome(() => genericEvent(msg));
        const got = outcome(() => decodeEvent(msg));
        expect(got).toEqual(expected);
        expect(JSON.stringify(got)).toBe(JSON.stringify(expected));
      }
    }
  });
});

describe('errors and extended acks', () => {
  it('reads the errno and the kernel’s message', () => {
    const tlv = nla(1, Buffer.from('limit greater than maximum (8)\0'));
    const payload = Buffer.concat([le('eaffffff'), Buffer.alloc(16), tlv]); // -22, capped original header
    const err = parseError({ type: NLMSG_ERROR, flags: 0x100 | 0x200, seq: 1, pid: 0, payload });
    expect(err).toMatchObject({ code: 'EINVAL', errno: -22, extack: 'limit greater than maximum (8)' });
    expect(err!.message).toBe('netlink EINVAL: limit greater than maximum (8)');
  });

  it('an ack is no error', () => {
    expect(parseError({ type: NLMSG_ERROR, flags: 0, seq: 1, pid: 0, payload: Buffer.alloc(20) })).toBeNull();
  });
});

describe('malformed input', () => {
  it.each([
    ['a truncated header', Buffer.from([8, 0])],
    ['a length below the header', Buffer.from([2, 0, 1, 0])],
    ['a length past the end', Buffer.from([12, 0, 1, 0, 0, 0, 0, 0])],
  ])('attributes with %s', (_label, buf) => {
    parseFailure(() => splitAttrs(buf));
  });

  it('a u32 attribute with two bytes', () => {
    parseFailure(() => decodeAttrs(PM_ATTRS, nla(4, Buffer.from([1, 2]))));
  });

  it('a nest whose inside overruns', () => {
    const bad = nla(1 | NLA_F_NESTED, Buffer.from([40, 0, 1, 0, 2, 0]));
    parseFailure(() => decodeAttrs(PM_ATTRS, bad));
  });

  it.each([
    ['short', Buffer.alloc(10)],
    ['length 8', (() => { const b = Buffer.alloc(16); b.writeUInt32LE(8, 0); return b; })()],
    ['length past the datagram', (() => { const b = Buffer.alloc(16); b.writeUInt32LE(64, 0); return b; })()],
  ])('messages: %s', (_label, buf) => {
    parseFailure(() => parseMessages(buf));
  });

  it('a truncated NLMSG_ERROR and a truncated genl header', () => {
    parseFailure(() => parseError({ type: NLMSG_ERROR, flags: 0, seq: 1, pid: 0, payload: Buffer.alloc(2) }));
    parseFailure(() => decodeEvent({ type: 0x1c, flags: 0, seq: 0, pid: 0, payload: Buffer.alloc(2) }));
  });

  it('random bytes: NetlinkParseError or a decoded event, nothing else (2000 inputs)', () => {
    const rng = crypto.createHash('sha256').update('seed');
    let seed = rng.digest();
    let parsed = 0;
    for (let i = 0; i < 2000; i++) {
      seed = crypto.createHash('sha256').update(seed).digest();
      const len = seed[0]! % 96;
      const body = Buffer.concat([seed, crypto.createHash('sha256').update(seed).digest(), seed]).subarray(0, len);
      // a plausible header around random attributes, and fully random datagrams
      const framed = buildMessage(0x1c, 0, 0, genlPayload(seed[1]! % 20, 1, body));
      for (const input of [framed, body]) {
        try {
          for (const m of parseMessages(input)) decodeEvent(m);
          parsed++;
        } catch (err) {
          expect(err).toMatchObject({ code: 'ERR_NETLINK_PARSE' });
        }
      }
    }
    expect(parsed).toBeGreaterThan(0);
  });
});

describeUnless(lacks.root() ?? lacks.addon(), 'a netlink socket fed garbage', () => {
  /** A NetlinkSocket, and a raw netlink socket connected to its port: a userspace sender (root may). */
  async function rawSender() {
    const { NetlinkSocket, NETLINK_GENERIC } = await import('../../dist/netlink/socket.js');
    const { native } = await import('../../dist/native/binding.js');
    const b = native()!;
    const c = b.constants;
    const target = NetlinkSocket.open(NETLINK_GENERIC);
    const fd = b.socket(c.AF_NETLINK!, c.SOCK_RAW! | c.SOCK_CLOEXEC!, NETLINK_GENERIC);
    const dst = Buffer.alloc(12);
    dst.writeUInt16LE(c.AF_NETLINK!, 0);
    dst.writeUInt32LE(target.portid, 4);
    try {
      b.connect(fd, dst);
    } catch (err) {
      b.close(fd);
      target.close();
      throw err;
    }
    return { b, target, fd };
  }

  it("drops a malformed datagram with a 'malformed' event, no 'error', and reads the next one", async () => {
    const { b, target, fd } = await rawSender();
    try {
      const seen: string[] = [];
      target.on('malformed', (e) => seen.push(`malformed: ${e.message}`));
      target.on('error', (e) => seen.push(`error: ${e.message}`));
      target.on('message', (m) => seen.push(`message type ${m.type}`));
      target.resume();
      const bad = Buffer.alloc(20);
      bad.writeUInt32LE(200, 0); // claims 200 bytes, has 20
      b.send(fd, bad, 0);
      b.send(fd, buildMessage(0x42, 0, 0, Buffer.alloc(4)), 0);
      for (let i = 0; i < 100 && seen.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
      expect(seen).toEqual(['malformed: message of 200 bytes at offset 0 overruns 20', 'message type 66']);
    } finally {
      b.close(fd);
      target.close();
    }
  });

  it('many datagrams at once (more than one recvmmsg takes): every message, in order; one too big for a slot is malformed', async () => {
    const { b, target, fd } = await rawSender();
    try {
      const seen: string[] = [];
      target.on('malformed', (e) => seen.push(`malformed: ${e.message}`));
      target.on('message', (m) => seen.push(`${m.type}: ${m.payload.toString()}`));
      const expected: string[] = [];
      for (let i = 0; i < 11; i++) {
        // two messages per datagram
        b.send(fd, Buffer.concat([buildMessage(0x40 + i, 0, 0, Buffer.from(`a${i}`)), buildMessage(0x40 + i, 0, 0, Buffer.from(`b${i}`))]), 0);
        expected.push(`${0x40 + i}: a${i}`, `${0x40 + i}: b${i}`);
        if (i === 5) {
          b.send(fd, buildMessage(0x60, 0, 0, Buffer.alloc(40_000)), 0);
          expected.push('malformed: a 40016-byte datagram was truncated to 32768');
        }
      }
      target.resume();
      for (let i = 0; i < 100 && seen.length < expected.length; i++) await new Promise((r) => setTimeout(r, 10));
      expect(seen).toEqual(expected);
    } finally {
      b.close(fd);
      target.close();
    }
  });
});
