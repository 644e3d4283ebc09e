// Declarative struct layouts, decoded from the bytes the kernel returned.
// A field is decoded only if it lies wholly inside the returned length:
// structs such as mptcp_info and tcp_info grow with each kernel version, and
// an older kernel simply returns fewer bytes.
import os from 'node:os';

export type FieldType = 'u8' | 'u16' | 'u32' | 's32' | 'u64';

/** [offset, type] or, for a bitfield, [offset, 'u8', firstBit, width] (bits counted from the LSB on LE). */
export type FieldSpec = readonly [number, FieldType] | readonly [number, 'u8', number, number];

export type Layout = Readonly<Record<string, FieldSpec>>;

/** The decoded value type of a field spec: 64-bit counters are bigint, the rest number. */
export type FieldValue<S extends FieldSpec> = S[1] extends 'u64' ? bigint : number;

/** The decoded object: every field optional, as an older kernel may not return it. */
export type Decoded<L extends Layout> = { -readonly [K in keyof L]?: FieldValue<L[K]> };

const little = os.endianness() === 'LE';
const sizes: Record<FieldType, number> = { u8: 1, u16: 2, u32: 4, s32: 4, u64: 8 };

function read(buf: Buffer, offset: number, type: FieldType): number | bigint {
  switch (type) {
    case 'u8':
      return buf.readUInt8(offset);
    case 'u16':
      return little ? buf.readUInt16LE(offset) : buf.readUInt16BE(offset);
    case 'u32':
      return little ? buf.readUInt32LE(offset) : buf.readUInt32BE(offset);
    case 's32':
      return little ? buf.readInt32LE(offset) : buf.readInt32BE(offset);
    case 'u64':
      return little ? buf.readBigUInt64LE(offset) : buf.readBigUInt64BE(offset);
  }
}

/** Bytes a field occupies: its end offset. */
export function fieldEnd(spec: FieldSpec): number {
  return spec[0] + sizes[spec[1]];
}

/** Total size of a layout (the end of its last field, unpadded). */
export function layoutEnd(layout: Layout): number {
  return Math.max(...Object.values(layout).map(fieldEnd));
}

/**
 * Decodes `layout` from `buf` at `base`, keeping only the fields that end
 * within `length` bytes (the length the kernel wrote).
 */
export function decode<L extends Layout>(layout: L, buf: Buffer, length: number, base = 0): Decoded<L> {
  const out: Record<string, number | bigint> = {};
  for (const [name, spec] of Object.entries(layout)) {
    if (fieldEnd(spec) > length) continue;
    const raw = read(buf, base + spec[0], spec[1]);
    if (spec.length === 4) {
      const [, , first, width] = spec;
      // GCC packs bitfields from the least significant bit on little-endian
      // targets and from the most significant bit on big-endian ones.
      const shift = little ? first : 8 - first - width;
      out[name] = ((raw as number) >> shift) & ((1 << width) - 1);
    } else {
      out[name] = raw;
    }
  }
  return out as Decoded<L>;
}

/** Writes a u32 field in host order (for the request headers the kernel reads). */
export function writeU32(buf: Buffer, offset: number, value: number): void {
  if (little) buf.writeUInt32LE(value, offset);
  else buf.writeUInt32BE(value, offset);
}

/** Reads a u32 field in host order. */
export function readU32(buf: Buffer, offset: number): number {
  return little ? buf.readUInt32LE(offset) : buf.readUInt32BE(offset);
}

/** Writes a u64 field in host order. */
export function writeU64(buf: Buffer, offset: number, value: bigint): void {
  if (little) buf.writeBigUInt64LE(value, offset);
  else buf.writeBigUInt64BE(value, offset);
}
