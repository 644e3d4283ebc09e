export declare function replacer(_key: string, value: unknown): unknown;
export declare function reviver(_key: string, value: unknown): unknown;
export declare function encode(value: unknown): string;
export declare function decode(line: string): unknown;
/** A serialized Error: what survives the trip. */
export interface WireError {
    name: string;
    message: string;
    stack?: string;
    code?: string;
    errno?: number;
    syscall?: string;
    [key: string]: unknown;
}
export declare function errorToWire(err: unknown): WireError;
