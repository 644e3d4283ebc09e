/** What node:net's normalizeArgs returns: [options, callback or null]. */
export type Normalized = [Record<string, unknown>, ((...args: unknown[]) => void) | null];
/** A string that is not a non-negative number names a pipe or UNIX socket. */
export declare function isPipeName(s: unknown): s is string;
/**
 * (options[, cb]), (path[, cb]), ([port][, host][, cb]) → [options, cb].
 * node:net passes arrays it already normalized between its own functions
 * (net.connect → socket.connect); they carry its private symbol and pass through.
 */
export declare function normalizeArgs(args: readonly unknown[]): Normalized;
/** node's validatePort(port, name, allowZero = true), as a test instead of a throw. */
export declare function isValidPort(port: unknown): port is number | string;
/** listen()'s backlog from the positional arguments: (port, backlog) or (port, host, backlog). */
export declare function backlogFromArgs(args: readonly unknown[]): number | false;
/** node's validateAbortSignal, as a test. */
export declare function isAbortSignalLike(signal: unknown): signal is AbortSignal;
