// Netlink attributes (struct nlattr: u16 len, u16 type, value, padding to 4),
// encoded and decoded from declarative attribute sets. Byte order is the
// attribute's: host order unless the set says `be16`/`be32` (as the
// mptcp_pm event ports and IPv4 addresses are). Every length is checked:
// a truncated or malformed attribute is a NetlinkParseError, never a crash.
import { readS32, readU16, readU32, readU64, writeS32, writeU16, writeU32, writeU64 } from '../kernel/bytes';

export const NLA_HDRLEN = 4;
export const NLA_F_NESTED = 1 << 15;
export const NLA_F_NET_BYTEORDER = 1 << 14;
export const NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff;

export type AttrType =
  | 'u8'
  | 'u16'
  | 'u32'
  | 'u64'
  | 's32'
  | 'be16'
  | 'be32'
  | 'string'
  | 'binary'
  | 'flag'
  | 'nest'
  | 'nest-array';

export interface AttrSpec {
  readonly id: number;
  readonly type: AttrType;
  /** The attribute set inside a 'nest', or of each element of a 'nest-array'. */
  readonly nested?: AttrSet;
}

export type AttrSet = Readonly<Record<string, AttrSpec>>;

/** A decoded value: numbers, bigints (u64), strings, bytes, nested objects or arrays of them. */
export type AttrValue = number | bigint | string | Buffer | boolean | AttrValues | AttrValues[];
export interface AttrValues {
  [name: string]: AttrValue;
}

/** Malformed or truncated netlink data. */
export class NetlinkParseError extends Error {
  readonly code = 'ERR_NETLINK_PARSE';
  constructor(message: string) {
    super(message);
    this.name = 'NetlinkParseError';
  }
}

const minSize: Partial<Record<AttrType, number>> = { u8: 1, u16: 2, u32: 4, u64: 8, s32: 4, be16: 2, be32: 4 };

export const align4 = (n: number): number => (n + 3) & ~3;

function encodeValue(spec: AttrSpec, value: AttrValue, name: string): Buffer {
  const num = (): number => {
    if (typeof value !== 'number' || !Number.isInteger(value)) throw new TypeError(`netlink attribute ${name}: an integer is needed`);
    return value;
  };
  let b: Buffer;
  switch (spec.type) {
    case 'u8':
      b = Buffer.alloc(1);
      b.writeUInt8(num());
      return b;
    case 'u16':
      b = Buffer.alloc(2);
      writeU16(b, 0, num());
      return b;
    case 'be16':
      b = Buffer.alloc(2);
      b.writeUInt16BE(num());
      return b;
    case 'u32':
      b = Buffer.alloc(4);
      writeU32(b, 0, num());
      return b;
    case 'be32':
      b = Buffer.alloc(4);
      b.writeUInt32BE(num());
      return b;
    case 's32':
      b = Buffer.alloc(4);
      writeS32(b, 0, num());
      return b;
    case 'u64':
      b = Buffer.alloc(8);
      if (typeof value !== 'bigint') throw new TypeError(`netlink attribute ${name}: a bigint is needed`);
      writeU64(b, 0, value);
      return b;
    case 'string':
      if (typeof value !== 'string') throw new TypeError(`netlink attribute ${name}: a string is needed`);
      return Buffer.from(`${value}\0`, 'utf8');
    case 'binary':
      if (!Buffer.isBuffer(value)) throw new TypeError(`netlink attribute ${name}: a Buffer is needed`);
      return value;
    case 'flag':
      return Buffer.alloc(0);
    case 'nest':
      return encodeAttrs(spec.nested!, value as AttrValues);
    case 'nest-array': {
      const items = value as AttrValues[];
      return Buffer.concat(items.map((item, i) => attr(i + 1, encodeAttrs(spec.nested!, item), true)));
    }
  }
}

function attr(type: number, value: Buffer, nested: boolean): Buffer {
  const len = NLA_HDRLEN + value.length;
  const out = Buffer.alloc(align4(len));
  writeU16(out, 0, len);
  writeU16(out, 2, type | (nested ? NLA_F_NESTED : 0));
  value.copy(out, NLA_HDRLEN);
  return out;
}

/** Encodes the attributes of `set` present in `values` (in the set's order), nests flagged NLA_F_NESTED. */
export function encodeAttrs(set: AttrSet, values: AttrValues): Buffer {
  const parts: Buffer[] = [];
  for (const [name, spec] of Object.entries(set)) {
    const v = values[name];
    if (v === undefined || v === false) continue;
    if (spec.type === 'flag' && v !== true) continue;
    parts.push(attr(spec.id, encodeValue(spec, v, name), spec.type === 'nest' || spec.type === 'nest-array'));
  }
  for (const name of Object.keys(values)) {
    if (!(name in set)) throw new TypeError(`unknown netlink attribute: ${name}`);
  }
  return Buffer.concat(parts);
}

/** One raw attribute: its type (flags masked off), nested bit, and value bytes. */
export interface RawAttr {
  type: number;
  nested: boolean;
  value: Buffer;
}

/** Splits `buf` into attributes, checking every length against what is there. */
export function splitAttrs(buf: Buffer): RawAttr[] {
  const out: RawAttr[] = [];
  let off = 0;
  while (off < buf.length) {
    if (buf.length - off < NLA_HDRLEN) throw new NetlinkParseError(`truncated attribute header at offset ${off}`);
    const len = readU16(buf, off);
    const type = readU16(buf, off + 2);
    if (len < NLA_HDRLEN) throw new NetlinkParseError(`attribute length ${len} at offset ${off} is below the header size`);
    if (off + len > buf.length) throw new NetlinkParseError(`attribute of ${len} bytes at offset ${off} overruns ${buf.length}`);
    out.push({ type: type & NLA_TYPE_MASK, nested: (type & NLA_F_NESTED) !== 0, value: buf.subarray(off + NLA_HDRLEN, off + len) });
    off += align4(len);
  }
  return out;
}

function decodeValue(spec: AttrSpec, v: Buffer, name: string): AttrValue {
  const need = minSize[spec.type];
  if (need !== undefined && v.length < need) {
    throw new NetlinkParseError(`attribute ${name}: ${v.length} bytes, ${spec.type} needs ${need}`);
  }
  switch (spec.type) {
    case 'u8':
      return v.readUInt8(0);
    case 'u16':
      return readU16(v, 0);
    case 'be16':
      return v.readUInt16BE(0);
    case 'u32':
      return readU32(v, 0);
    case 'be32':
      return v.readUInt32BE(0);
    case 's32':
      return readS32(v, 0);
    case 'u64':
      return readU64(v, 0);
    case 'string': {
      const end = v.indexOf(0);
      return v.toString('utf8', 0, end === -1 ? v.length : end);
    }
    case 'binary':
      return Buffer.from(v);
    case 'flag':
      return true;
    case 'nest':
      return decodeAttrs(spec.nested!, v);
    case 'nest-array':
      return splitAttrs(v).map((item) => decodeAttrs(spec.nested!, item.value));
  }
}

/**
 * Decodes the attributes of `set` from `buf`. Unknown attribute types are
 * skipped (newer kernels add some); a repeated attribute keeps the last.
 */
const indexes = new WeakMap<AttrSet, Map<number, [string, AttrSpec]>>();

function indexOf(set: AttrSet): Map<number, [string, AttrSpec]> {
  let byId = indexes.get(set);
  if (!byId) {
    byId = new Map();
    for (const [name, spec] of Object.entries(set)) byId.set(spec.id, [name, spec]);
    indexes.set(set, byId);
  }
  return byId;
}

export function decodeAttrs(set: AttrSet, buf: Buffer): AttrValues {
  const byId = indexOf(set);
  const out: AttrValues = {};
  for (const a of splitAttrs(buf)) {
    const known = byId.get(a.type);
    if (!known) continue;
    const [name, spec] = known;
    out[name] = decodeValue(spec, a.value, name);
  }
  return out;
}
