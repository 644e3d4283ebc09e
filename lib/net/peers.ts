// Peers that answered plain TCP. Most servers on the Internet do not speak
// MPTCP; a client that keeps connecting to one pays for an MPTCP socket that
// falls back on every connection. Once a connection to an address and port
// has fallen back, the next ones to it are plain TCP from the start (reason
// 'peer-remembered') until the entry expires, so repeated connections to
// plain-TCP peers cost what node:net costs. `multipath: 'require'` never
// consults it. Only client connections this package made feed it.
import { invalidArgType, outOfRange } from '../errors';

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

const entries = new Map<string, number>();
let ttl = 300_000;
let maxEntries = 1024;

const keyOf = (address: string, port: number): string => `${address}|${port}`;

/** True when `address`:`port` is remembered as plain TCP. Costs nothing while the memory is empty. */
export function rememberedPlain(address: string, port: number): boolean {
  if (entries.size === 0) return false;
  const key = keyOf(address, port);
  const until = entries.get(key);
  if (until === undefined) return false;
  if (performance.now() < until) return true;
  entries.delete(key);
  return false;
}

/** Remembers that a connection to `address`:`port` fell back to TCP. */
export function rememberPlain(address: string, port: number): void {
  if (ttl === 0 || maxEntries === 0) return;
  const key = keyOf(address, port);
  entries.delete(key); // re-inserted as the newest
  entries.set(key, performance.now() + ttl);
  if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
}

function validateCount(value: unknown, name: string): number {
  if (typeof value !== 'number') throw invalidArgType(name, 'of type number', value);
  if (!Number.isSafeInteger(value) || value < 0) throw outOfRange(name, 'a non-negative integer', value);
  return value;
}

export const fallbackCache: FallbackCache = {
  get ttl() {
    return ttl;
  },
  set ttl(value: number) {
    ttl = validateCount(value, 'fallbackCache.ttl');
    if (ttl === 0) entries.clear();
  },
  get maxEntries() {
    return maxEntries;
  },
  set maxEntries(value: number) {
    maxEntries = validateCount(value, 'fallbackCache.maxEntries');
    while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
  },
  get size() {
    return entries.size;
  },
  has(address: string, port: number): boolean {
    return rememberedPlain(address, port);
  },
  delete(address: string, port: number): boolean {
    return entries.delete(keyOf(address, port));
  },
  clear(): void {
    entries.clear();
  },
};
