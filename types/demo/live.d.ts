export declare class Live {
    readonly tty: boolean;
    private readonly write;
    /** Lines of the block now on the terminal (0: none). */
    private drawn;
    private lastPlain;
    constructor(tty: boolean, write?: (s: string) => void);
    bold(s: string): string;
    dim(s: string): string;
    /** A line that stays (above the live block, on a terminal). */
    line(s?: string): void;
    /**
     * The live block now. On a terminal it replaces the previous one; piped,
     * `plain` is printed instead, at most once every `everyMs`.
     */
    update(block: readonly string[], plain: string, nowMs: number, everyMs?: number): void;
    /** Leaves the block as it is: what comes next goes below it. */
    keep(): void;
    private erase;
    private draw;
}
/** A bar of `width` cells for value/full, in eighths. */
export declare function bar(value: number, full: number, width?: number): string;
export declare function megabytes(bytes: number): string;
