export declare const LITTLE_ENDIAN: boolean;
export declare const readU16: (b: Buffer, o: number) => number;
export declare const readU32: (b: Buffer, o: number) => number;
export declare const readS32: (b: Buffer, o: number) => number;
export declare const readU64: (b: Buffer, o: number) => bigint;
export declare function writeU16(b: Buffer, o: number, v: number): void;
export declare function writeU32(b: Buffer, o: number, v: number): void;
export declare function writeS32(b: Buffer, o: number, v: number): void;
export declare function writeU64(b: Buffer, o: number, v: bigint): void;
