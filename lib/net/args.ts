// node:net's argument handling for connect() and listen(), written from its
// public behaviour (lib/net.js normalizeArgs, isPipeName, validatePort), so
// that this package decides on exactly the inputs node:net would accept and
// leaves every other input to node:net, which rejects it in its own words.

/** What node:net's normalizeArgs returns: [options, callback or null]. */
export type Normalized = [Record<string, unknown>, ((...args: unknown[]) => void) | null];

/** Marks an array normalized here, so that connect() called with it does not do it again. */
const kNormalized = Symbol('mptcp.normalizedArgs');

function toNumber(x: unknown): number | false {
  const n = Number(x);
  return n >= 0 ? n : false;
}

/** A string that is not a non-negative number names a pipe or UNIX socket. */
export function isPipeName(s: unknown): s is string {
  return typeof s === 'string' && toNumber(s) === false;
}

/**
 * (options[, cb]), (path[, cb]), ([port][, host][, cb]) → [options, cb].
 * node:net passes arrays it already normalized between its own functions
 * (net.connect → socket.connect); they carry its private symbol and pass through.
 */
export function normalizeArgs(args: readonly unknown[]): Normalized {
  const first = args[0];
  if (Array.isArray(first) && ((first as { [kNormalized]?: true })[kNormalized] || Object.getOwnPropertySymbols(first).length > 0)) {
    return [(first[0] ?? {}) as Record<string, unknown>, (first[1] as Normalized[1]) ?? null];
  }
  if (args.length === 0) return marked([{}, null]);
  let options: Record<string, unknown> = {};
  if (typeof first === 'object' && first !== null) options = first as Record<string, unknown>;
  else if (isPipeName(first)) options.path = first;
  else {
    options.port = first;
    if (args.length > 1 && typeof args[1] === 'string') options.host = args[1];
  }
  const cb = args[args.length - 1];
  return marked([options, typeof cb === 'function' ? (cb as Normalized[1]) : null]);
}

function marked(arr: Normalized): Normalized {
  (arr as Normalized & { [kNormalized]?: true })[kNormalized] = true;
  return arr;
}

/** node's validatePort(port, name, allowZero = true), as a test instead of a throw. */
export function isValidPort(port: unknown): port is number | string {
  if (typeof port !== 'number' && typeof port !== 'string') return false;
  if (typeof port === 'string' && port.trim().length === 0) return false;
  return +port === +port >>> 0 && +port <= 0xffff;
}

/** listen()'s backlog from the positional arguments: (port, backlog) or (port, host, backlog). */
export function backlogFromArgs(args: readonly unknown[]): number | false {
  return toNumber(args.length > 1 && args[1]) || toNumber(args.length > 2 && args[2]);
}

/** node's validateAbortSignal, as a test. */
export function isAbortSignalLike(signal: unknown): signal is AbortSignal {
  return signal !== null && typeof signal === 'object' && 'aborted' in signal;
}
