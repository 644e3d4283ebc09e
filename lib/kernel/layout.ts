// Declarative struct layouts, decoded from the bytes the kernel returned.
// A field is decoded only if it lies wholly inside the returned length:
// structs such as mptcp_info and tcp_info grow with each kernel version, and
// an older kernel simply returns fewer bytes.
import { LITTLE_ENDIAN, readS32, readU16, readU32, readU64 } from './bytes';

export type FieldType = 'u8' | 'u16' | 'u32' | 's32' | 'u64';

export interface FieldSpec {
  /** Byte offset in the struct. */
  readonly at: number;
  readonly type: FieldType;
  /** A bitfield inside a u8: [first bit, width], counted from the LSB on little-endian. */
  readonly bits?: readonly [number, number];
  /**
   * The struct length from which the field exists, when it sits in what was
   * trailing padding before (mptcp_info grew 40, 48, 80, 88, 96 bytes: a
   * 48-byte answer has padding where 6.5 put `retransmits`).
   */
  readonly since?: number;
}

export type Layout = Readonly<Record<string, FieldSpec>>;


export const u8 = (at: number, since?: number): FieldSpec => (since ? { at, type: 'u8', since } : { at, type: 'u8' });
export const u16 = (at: number, since?: number): FieldSpec => (since ? { at, type: 'u16', since } : { at, type: 'u16' });
export const u32 = (at: number, since?: number): FieldSpec => (since ? { at, type: 'u32', since } : { at, type: 'u32' });
export const u64 = (at: number, since?: number): FieldSpec => (since ? { at, type: 'u64', since } : { at, type: 'u64' });
export const s32 = (at: number): FieldSpec => ({ at, type: 's32' });
export const bits = (at: number, first: number, width: number): FieldSpec => ({ at, type: 'u8', bits: [first, width] });


const sizes: Record<FieldType, number> = { u8: 1, u16: 2, u32: 4, s32: 4, u64: 8 };

function read(buf: Buffer, offset: number, type: FieldType): number | bigint {
  switch (type) {
    case 'u8':
      return buf.readUInt8(offset);
    case 'u16':
      return readU16(buf, offset);
    case 'u32':
      return readU32(buf, offset);
    case 's32':
      return readS32(buf, offset);
    case 'u64':
      return readU64(buf, offset);
  }
}

/** Bytes a field occupies: its end offset. */
export function fieldEnd(spec: FieldSpec): number {
  return spec.at + sizes[spec.type];
}

/** Total size of a layout (the end of its last field, unpadded). */
export function layoutEnd(layout: Layout): number {
  return Math.max(...Object.values(layout).map(fieldEnd));
}

/**
 * Decodes `layout` from `buf` at `base`, keeping only the fields that end
 * within `length` bytes (the length the kernel wrote).
 */
export function decode<T extends object = Record<string, number | bigint>>(
  layout: Layout,
  buf: Buffer,
  length: number,
  base = 0,
): T {
  const out: Record<string, number | bigint> = {};
  for (const [name, spec] of Object.entries(layout)) {
    if (fieldEnd(spec) > length || (spec.since !== undefined && length < spec.since)) continue;
    const raw = read(buf, base + spec.at, spec.type);
    if (spec.bits) {
      const [first, width] = spec.bits;
      // GCC packs bitfields from the least significant bit on little-endian
      // targets and from the most significant bit on big-endian ones.
      const shift = LITTLE_ENDIAN ? first : 8 - first - width;
      out[name] = ((raw as number) >> shift) & ((1 << width) - 1);
    } else {
      out[name] = raw;
    }
  }
  return out as T;
}
