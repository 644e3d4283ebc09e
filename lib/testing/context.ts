// What an agent's functions get as their first argument. Kept apart from
// agent.ts (the process itself), so importing the type starts nothing.
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import mptcp from '../index';
import { parseNetstat } from './netns';

export interface WaitForOptions {
  /** Give up after this many ms (default 10 000). */
  timeout?: number;
  /** Check every this many ms (default 20). */
  interval?: number;
  /** Named in the timeout error: "timed out after 10000 ms waiting for WHAT". */
  what?: string;
}

export interface AgentContext {
  /** This package, as `import mptcp from 'mptcp'` gives it. */
  mptcp: typeof mptcp;
  net: typeof net;
  crypto: typeof crypto;
  /** Kept between calls, shared by all of the agent's modules: servers, sockets, results. */
  state: Map<string, unknown>;
  sleep(ms: number): Promise<void>;
  /** Polls `check` until it returns a truthy value (resolving with it) or `timeout` ms pass (rejecting). */
  waitFor<T>(check: () => T | Promise<T>, options?: WaitForOptions): Promise<T>;
  /** This network namespace's /proc/net/netstat counters, by nstat's names (`MPTcpExtMPJoinSynRx`). */
  counters(): Record<string, number>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function waitFor<T>(check: () => T | Promise<T>, options: WaitForOptions = {}): Promise<T> {
  const timeout = options.timeout ?? 10_000;
  const interval = options.interval ?? 20;
  const deadline = Date.now() + timeout;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${options.what ?? 'a condition'}`);
    await sleep(interval);
  }
}

function counters(): Record<string, number> {
  return parseNetstat(fs.readFileSync('/proc/net/netstat', 'utf8'));
}

export function createContext(): AgentContext {
  return { mptcp, net, crypto, state: new Map(), sleep, waitFor, counters };
}
