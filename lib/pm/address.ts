// IP addresses as the mptcp_pm attributes carry them: FAMILY plus ADDR4
// (4 bytes, network order) or ADDR6 (16 bytes).
import net from 'node:net';
import { invalidArgType, invalidArgValue } from '../errors';
import { formatIpv4, formatIpv6, ipv6Bytes } from '../kernel/sockaddr';

export const AF_INET = 2;
export const AF_INET6 = 10;

export interface EncodedAddress {
  family: number;
  addr4?: Buffer;
  addr6?: Buffer;
}

/** Validates and encodes an IP literal. `label` names the argument in errors. */
export function encodeAddress(address: unknown, label: string): EncodedAddress {
  if (typeof address !== 'string') throw invalidArgType(label, 'of type string', address);
  const kind = net.isIP(address);
  if (kind === 4) return { family: AF_INET, addr4: Buffer.from(address.split('.').map(Number)) };
  if (kind === 6) return { family: AF_INET6, addr6: ipv6Bytes(address) };
  throw invalidArgValue(label, address, 'must be an IP address');
}

/** The text form of ADDR4/ADDR6 (or SADDR/DADDR), as node:net writes addresses. */
export function decodeAddress(addr4: unknown, addr6: unknown): string | undefined {
  if (Buffer.isBuffer(addr4) && addr4.length >= 4) return formatIpv4(addr4);
  if (Buffer.isBuffer(addr6) && addr6.length >= 16) return formatIpv6(addr6.subarray(0, 16));
  return undefined;
}

export function familyName(family: number | undefined, address: string | undefined): 'IPv4' | 'IPv6' | undefined {
  if (family === AF_INET) return 'IPv4';
  if (family === AF_INET6) return 'IPv6';
  if (address) return net.isIPv6(address) ? 'IPv6' : 'IPv4';
  return undefined;
}
