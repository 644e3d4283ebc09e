export type FieldType = 'u8' | 'u16' | 'u32' | 's32' | 'u64';
/** [offset, type] or, for a bitfield, [offset, 'u8', firstBit, width] (bits counted from the LSB on LE). */
export type FieldSpec = readonly [number, FieldType] | readonly [number, 'u8', number, number];
export type Layout = Readonly<Record<string, FieldSpec>>;
/** The decoded value type of a field spec: 64-bit counters are bigint, the rest number. */
export type FieldValue<S extends FieldSpec> = S[1] extends 'u64' ? bigint : number;
/** The decoded object: every field optional, as an older kernel may not return it. */
export type Decoded<L extends Layout> = {
    -readonly [K in keyof L]?: FieldValue<L[K]>;
};
/** Bytes a field occupies: its end offset. */
export declare function fieldEnd(spec: FieldSpec): number;
/** Total size of a layout (the end of its last field, unpadded). */
export declare function layoutEnd(layout: Layout): number;
/**
 * Decodes `layout` from `buf` at `base`, keeping only the fields that end
 * within `length` bytes (the length the kernel wrote).
 */
export declare function decode<L extends Layout>(layout: L, buf: Buffer, length: number, base?: number): Decoded<L>;
/** Writes a u32 field in host order (for the request headers the kernel reads). */
export declare function writeU32(buf: Buffer, offset: number, value: number): void;
/** Reads a u32 field in host order. */
export declare function readU32(buf: Buffer, offset: number): number;
/** Writes a u64 field in host order. */
export declare function writeU64(buf: Buffer, offset: number, value: bigint): void;
