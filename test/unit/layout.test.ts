// Struct layouts: the sockaddr codec against the C library's own offsets,
// IPv6 formatting against node's, and length-bounded decoding of the
// growing kernel structs.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeUnless, lacks } from '../helpers/requires';
import { decode, layoutEnd } from '../../dist/kernel/layout.js';
import { decodeMptcpInfo, decodeTcpInfo } from '../../dist/kernel/decoders.js';
import { native } from '../../dist/native/binding.js';
import { decodeSockaddr, encodeSockaddr, formatIpv6, ipv6Bytes, SOCKADDR_IN, SOCKADDR_IN6 } from '../../dist/kernel/sockaddr.js';
import { MPTCP_INFO_LAYOUT, TCP_INFO_LAYOUT, SUBFLOW_ADDRS, SUBFLOW_INFO } from '../../dist/kernel/structs.js';

const b = native();

describeUnless(lacks.addon(), 'sockaddr layouts match the C library', () => {
  it('sockaddr_in', () => {
    const l = b!.layouts;
    expect(l.sizeof_sockaddr_in).toBe(SOCKADDR_IN.size);
    expect(l.offsetof_sockaddr_in_sin_family).toBe(SOCKADDR_IN.family);
    expect(l.offsetof_sockaddr_in_sin_port).toBe(SOCKADDR_IN.port);
    expect(l.offsetof_sockaddr_in_sin_addr).toBe(SOCKADDR_IN.addr);
  });
  it('sockaddr_in6', () => {
    const l = b!.layouts;
    expect(l.sizeof_sockaddr_in6).toBe(SOCKADDR_IN6.size);
    expect(l.offsetof_sockaddr_in6_sin6_port).toBe(SOCKADDR_IN6.port);
    expect(l.offsetof_sockaddr_in6_sin6_flowinfo).toBe(SOCKADDR_IN6.flowinfo);
    expect(l.offsetof_sockaddr_in6_sin6_addr).toBe(SOCKADDR_IN6.addr);
    expect(l.offsetof_sockaddr_in6_sin6_scope_id).toBe(SOCKADDR_IN6.scopeId);
  });
  it('sockaddr_storage is what mptcp_subflow_addrs holds twice', () => {
    expect(b!.layouts.sizeof_sockaddr_storage * 2).toBe(SUBFLOW_ADDRS.size);
    expect(SUBFLOW_INFO.size).toBe(8 + SUBFLOW_ADDRS.size);
  });
});

describe('sockaddr codec', () => {
  it.each([
    ['127.0.0.1', 80],
    ['192.0.2.1', 65535],
    ['0.0.0.0', 0],
    ['::1', 443],
    ['2001:db8:1::2', 8080],
    ['::ffff:192.0.2.7', 1],
    ['fe80::1:2:3:4', 9],
  ])('%s port %d round-trips', (address, port) => {
    const decoded = decodeSockaddr(encodeSockaddr(address, port));
    expect(decoded).toEqual({
      address: new net.SocketAddress({ address, family: net.isIPv6(address) ? 'ipv6' : 'ipv4' }).address,
      family: net.isIPv6(address) ? 'IPv6' : 'IPv4',
      port,
    });
  });

  it('decodes an unset slot (AF_UNSPEC) as null', () => {
    expect(decodeSockaddr(Buffer.alloc(128))).toBeNull();
  });

  it('rejects a non-IP', () => {
    expect(() => encodeSockaddr('example.com', 1)).toThrow(TypeError);
  });
});

describe('IPv6 text form is the one node:net reports', () => {
  const samples = [
    '::',
    '::1',
    '1::',
    '2001:db8::',
    '2001:db8::1',
    '2001:0db8:0000:0000:0001:0000:0000:0001',
    '2001:db8:0:1:1:1:1:1',
    '2001:db8:0:0:1:0:0:1',
    '1:0:0:2:0:0:0:3',
    'fe80::abcd:ef01:2345:6789',
    '::ffff:10.0.0.1',
    '::10.0.0.1',
    '::ffff:0:1',
    'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
    '0:0:0:0:0:0:0:2',
    '1:2:3:4:5:6:7:0',
  ];
  it.each(samples)('%s', (text) => {
    expect(formatIpv6(ipv6Bytes(text))).toBe(new net.SocketAddress({ address: text, family: 'ipv6' }).address);
  });
});

describe('length-bounded decoding of growing structs', () => {
  // struct mptcp_info sizes by kernel: 5.9 40, 5.12 48, 6.5 80, 6.8 88, 6.10 96.
  it.each([
    [40, 'rcvNxt', 'localAddrUsed'],
    [48, 'csumEnabled', 'retransmits'],
    [80, 'bytesAcked', 'subflowsTotal'],
    [88, 'subflowsTotal', 'lastDataSent'],
    [96, 'lastAckRecv', undefined],
  ] as const)('mptcp_info of %d bytes has %s but not %s', (len, has, lacks) => {
    const buf = Buffer.alloc(256, 0x01);
    const info = decode(MPTCP_INFO_LAYOUT, buf, len);
    expect(info).toHaveProperty(has);
    if (lacks) expect(info).not.toHaveProperty(lacks);
  });

  it('mptcp_info ends at 96 bytes and tcp_info at 280 (Linux 6.18)', () => {
    expect(layoutEnd(MPTCP_INFO_LAYOUT)).toBe(96);
    expect(layoutEnd(TCP_INFO_LAYOUT)).toBe(280);
  });

  it('reads 64-bit counters as bigint and little fields as numbers', () => {
    const buf = Buffer.alloc(96);
    buf.writeUInt8(3, 0);
    buf.writeUInt32LE(0xdeadbeef, 12);
    buf.writeBigUInt64LE(2n ** 63n + 5n, 56);
    const info = decode(MPTCP_INFO_LAYOUT, buf, 96);
    expect(info.subflows).toBe(3);
    expect(info.token).toBe(0xdeadbeef);
    expect(info.bytesSent).toBe(2n ** 63n + 5n);
  });

  it('splits the tcp_info bitfields', () => {
    const buf = Buffer.alloc(8);
    buf[6] = 0x7a; // snd_wscale 10, rcv_wscale 7
    buf[7] = 0x05; // app_limited 1, fastopen_client_fail 2
    const ti = decode(TCP_INFO_LAYOUT, buf, 8);
    expect(ti).toMatchObject({ sndWscale: 10, rcvWscale: 7, deliveryRateAppLimited: 1, fastopenClientFail: 2 });
  });

  it('returns nothing for a zero-length answer', () => {
    expect(decode(TCP_INFO_LAYOUT, Buffer.alloc(0), 0)).toEqual({});
  });
});

describe('generated decoders (lib/kernel/decoders.ts; lib/pm/decoders.ts is tested in netlink-codec)', () => {
  it('are current: scripts/gen-decoders.mjs would write the same file', () => {
    const root = path.join(__dirname, '..', '..');
    expect(() => execFileSync(process.execPath, [path.join(root, 'scripts', 'gen-decoders.mjs'), '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('decode exactly what decode() does, at every length the kernel could return', () => {
    const buf = crypto.randomBytes(600);
    for (let len = 0; len <= 300; len++) {
      expect(decodeMptcpInfo(buf, len), `mptcp_info, ${len} bytes`).toEqual(decode(MPTCP_INFO_LAYOUT, buf, len));
      expect(decodeTcpInfo(buf, len, 3), `tcp_info at 3, ${len} bytes`).toEqual(decode(TCP_INFO_LAYOUT, buf, len, 3));
    }
  });
});
