// struct sockaddr_in / sockaddr_in6 codec. Family and scope id are in host
// byte order, port and address in network order. The offsets are checked
// against the C library's in test/unit/layout.test.ts.
import fs from 'node:fs';
import net from 'node:net';
import { readU16, readU32, writeU16, writeU32 } from './bytes';

export const AF_INET = 2;
export const AF_INET6 = 10;

export const SOCKADDR_IN = { size: 16, family: 0, port: 2, addr: 4 } as const;
export const SOCKADDR_IN6 = { size: 28, family: 0, port: 2, flowinfo: 4, addr: 8, scopeId: 24 } as const;
export const SOCKADDR_STORAGE_SIZE = 128;

/** An endpoint, in node:net's shape (`socket.address()`). */
export interface AddressInfo {
  address: string;
  family: 'IPv4' | 'IPv6';
  port: number;
}


/** The 4 bytes of an IPv4 literal, in network order. */
export function ipv4Bytes(address: string): Buffer {
  return Buffer.from(address.split('.').map(Number));
}

/** Parses an IPv6 literal (with optional %scope and embedded IPv4) into 16 bytes. */
export function ipv6Bytes(address: string): Buffer {
  let text = address;
  const pct = text.indexOf('%');
  if (pct !== -1) text = text.slice(0, pct);
  const out = Buffer.alloc(16);
  let tail: number[] = [];
  const v4 = text.lastIndexOf(':') !== -1 ? text.slice(text.lastIndexOf(':') + 1) : '';
  if (v4.includes('.')) {
    tail = v4.split('.').map((p) => Number(p));
    text = text.slice(0, text.lastIndexOf(':') + 1) + '0:0';
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const r = rest !== undefined && rest !== '' ? rest.split(':') : [];
  const groups = rest === undefined ? h : [...h, ...new Array<string>(8 - h.length - r.length).fill('0'), ...r];
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  if (tail.length === 4) tail.forEach((b, i) => (out[12 + i] = b));
  return out;
}

/** Formats the 4 bytes at `offset` as a dotted quad. */
export function formatIpv4(bytes: Buffer, offset = 0): string {
  return `${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;
}

/** Formats 16 bytes as libuv's inet_ntop does, which is what node:net reports. */
export function formatIpv6(bytes: Buffer): string {
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push(bytes.readUInt16BE(i));
  // The longest run of two or more zero words becomes "::" (the first on a tie).
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const parts: string[] = [];
  for (let i = 0; i < 8; i++) {
    if (best !== -1 && i >= best && i < best + bestLen) {
      if (i === best) parts.push('');
      continue;
    }
    // IPv4-compatible (::a.b.c.d) and IPv4-mapped (::ffff:a.b.c.d) tails.
    if (i === 6 && best === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) {
      parts.push(formatIpv4(bytes, 12));
      break;
    }
    parts.push(words[i]!.toString(16));
  }
  if (best !== -1 && best + bestLen === 8) parts.push('');
  let text = parts.join(':');
  if (best === 0) text = `:${text}`;
  return text;
}

/** Encodes an IP literal and port as a sockaddr_in or sockaddr_in6. */
export function encodeSockaddr(address: string, port: number, scopeId = 0): Buffer {
  const type = net.isIP(address);
  if (type === 4) {
    const buf = Buffer.alloc(SOCKADDR_IN.size);
    writeU16(buf, SOCKADDR_IN.family, AF_INET);
    buf.writeUInt16BE(port, SOCKADDR_IN.port);
    address.split('.').forEach((p, i) => (buf[SOCKADDR_IN.addr + i] = Number(p)));
    return buf;
  }
  if (type === 6) {
    const buf = Buffer.alloc(SOCKADDR_IN6.size);
    writeU16(buf, SOCKADDR_IN6.family, AF_INET6);
    buf.writeUInt16BE(port, SOCKADDR_IN6.port);
    ipv6Bytes(address).copy(buf, SOCKADDR_IN6.addr);
    writeU32(buf, SOCKADDR_IN6.scopeId, scopeId);
    return buf;
  }
  throw new TypeError(`not an IP address: ${address}`);
}

/** Decodes a sockaddr_in/in6 at `offset`; null for AF_UNSPEC (an unset slot). */
export function decodeSockaddr(buf: Buffer, offset = 0): AddressInfo | null {
  const family = readU16(buf, offset);
  if (family === AF_INET) {
    const a = offset + SOCKADDR_IN.addr;
    return {
      address: formatIpv4(buf, a),
      family: 'IPv4',
      port: buf.readUInt16BE(offset + SOCKADDR_IN.port),
    };
  }
  if (family === AF_INET6) {
    const a = offset + SOCKADDR_IN6.addr;
    let address = formatIpv6(buf.subarray(a, a + 16));
    const scope = readU32(buf, offset + SOCKADDR_IN6.scopeId);
    if (scope !== 0) address += `%${scope}`;
    return { address, family: 'IPv6', port: buf.readUInt16BE(offset + SOCKADDR_IN6.port) };
  }
  return null;
}

/** The scope id of "fe80::1%eth0" or "fe80::1%2": an interface index, 0 when none or unknown. */
export function scopeId(address: string): number {
  const pct = address.indexOf('%');
  if (pct === -1) return 0;
  const zone = address.slice(pct + 1);
  if (/^\d+$/.test(zone)) return Number(zone);
  try {
    return Number(fs.readFileSync(`/sys/class/net/${zone}/ifindex`, 'utf8').trim()) || 0;
  } catch {
    return 0;
  }
}
