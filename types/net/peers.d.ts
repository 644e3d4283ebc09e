/** Settings and contents of the memory of peers that fell back to TCP. */
export interface FallbackCache {
    /** How long a fallback is remembered, in ms (default 300000, 5 minutes). 0 turns the memory off and clears it. */
    ttl: number;
    /** At most this many peers are remembered (default 1024); the oldest go first. */
    maxEntries: number;
    /** Entries remembered now. */
    readonly size: number;
    /** True when connections to `address`:`port` start as plain TCP now. */
    has(address: string, port: number): boolean;
    /** Forgets one peer (the next connection tries MPTCP again). */
    delete(address: string, port: number): boolean;
    /** Forgets every peer. */
    clear(): void;
}
/** True when `address`:`port` is remembered as plain TCP. Costs nothing while the memory is empty. */
export declare function rememberedPlain(address: string, port: number): boolean;
/** Remembers that a connection to `address`:`port` fell back to TCP. */
export declare function rememberPlain(address: string, port: number): void;
export declare const fallbackCache: FallbackCache;
