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
export declare const u8: (at: number, since?: number) => FieldSpec;
export declare const u16: (at: number, since?: number) => FieldSpec;
export declare const u32: (at: number, since?: number) => FieldSpec;
export declare const u64: (at: number, since?: number) => FieldSpec;
export declare const s32: (at: number) => FieldSpec;
export declare const bits: (at: number, first: number, width: number) => FieldSpec;
/** Bytes a field occupies: its end offset. */
export declare function fieldEnd(spec: FieldSpec): number;
/** Total size of a layout (the end of its last field, unpadded). */
export declare function layoutEnd(layout: Layout): number;
/**
 * Decodes `layout` from `buf` at `base`, keeping only the fields that end
 * within `length` bytes (the length the kernel wrote). The layout is prepared
 * once; a call then reads each field and sets it, in the layout's order (so
 * every result of a layout has the same shape).
 */
export declare function decode<T extends object = Record<string, number | bigint>>(layout: Layout, buf: Buffer, length: number, base?: number): T;
