export declare const NLA_HDRLEN = 4;
export declare const NLA_F_NESTED: number;
export declare const NLA_F_NET_BYTEORDER: number;
export declare const NLA_TYPE_MASK: number;
export type AttrType = 'u8' | 'u16' | 'u32' | 'u64' | 's32' | 'be16' | 'be32' | 'string' | 'binary' | 'flag' | 'nest' | 'nest-array';
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
export declare class NetlinkParseError extends Error {
    readonly code = "ERR_NETLINK_PARSE";
    constructor(message: string);
}
export declare const align4: (n: number) => number;
/** Encodes the attributes of `set` present in `values` (in the set's order), nests flagged NLA_F_NESTED. */
export declare function encodeAttrs(set: AttrSet, values: AttrValues): Buffer;
/** One raw attribute: its type (flags masked off), nested bit, and value bytes. */
export interface RawAttr {
    type: number;
    nested: boolean;
    value: Buffer;
}
/** Splits `buf` into attributes, checking every length against what is there. */
export declare function splitAttrs(buf: Buffer): RawAttr[];
export declare function decodeAttrs(set: AttrSet, buf: Buffer): AttrValues;
