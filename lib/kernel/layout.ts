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

/** A layout prepared once for decoding: its fields in order, with what each read needs. */
interface Prepared {
  names: string[];
  at: number[];
  /** The returned length a field needs: its end, or its `since` when later. */
  needs: number[];
  types: FieldType[];
  /** For bitfields: shift and mask; -1 otherwise. */
  shift: number[];
  mask: number[];
}

const prepared = new WeakMap<Layout, Prepared>();

function prepare(layout: Layout): Prepared {
  const p: Prepared = { names: [], at: [], needs: [], types: [], shift: [], mask: [] };
  for (const [name, spec] of Object.entries(layout)) {
    p.names.push(name);
    p.at.push(spec.at);
    p.needs.push(Math.max(fieldEnd(spec), spec.since ?? 0));
    p.types.push(spec.type);
    // GCC packs bitfields from the least significant bit on little-endian
    // targets and from the most significant bit on big-endian ones.
    p.shift.push(spec.bits ? (LITTLE_ENDIAN ? spec.bits[0] : 8 - spec.bits[0] - spec.bits[1]) : -1);
    p.mask.push(spec.bits ? (1 << spec.bits[1]) - 1 : 0);
  }
  prepared.set(layout, p);
  return p;
}

/**
 * Decodes `layout` from `buf` at `base`, keeping only the fields that end
 * within `length` bytes (the length the kernel wrote). The layout is prepared
 * once; a call then reads each field and sets it, in the layout's order (so
 * every result of a layout has the same shape).
 */
export function decode<T extends object = Record<string, number | bigint>>(
  layout: Layout,
  buf: Buffer,
  length: number,
  base = 0,
): T {
  const p = prepared.get(layout) ?? prepare(layout);
  const out: Record<string, number | bigint> = {};
  const { names, at, needs, types, shift, mask } = p;
  for (let i = 0; i < names.length; i++) {
    if (needs[i]! > length) continue;
    const raw = read(buf, base + at[i]!, types[i]!);
    out[names[i]!] = shift[i]! < 0 ? raw : ((raw as number) >> shift[i]!) & mask[i]!;
  }
  return out as T;
}
