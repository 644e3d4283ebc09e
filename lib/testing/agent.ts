// The agent process: reads `{ id, fn, args }` lines on stdin, runs
// `fn(ctx, ...args)`, writes `{ id, ok, value | error }` lines on fd 3.
// Exits when stdin closes.
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import { createInterface } from 'node:readline';
import mptcp from '../index';
import { parseNetstat } from './netns';
import { decode, encode, errorToWire } from './wire';

export interface AgentContext {
  mptcp: typeof mptcp;
  net: typeof net;
  crypto: typeof crypto;
  /** Kept between calls: servers, sockets, results. */
  state: Map<string, unknown>;
  require: NodeRequire;
  sleep(ms: number): Promise<void>;
  /** Polls `check` every `interval` ms until it returns a truthy value or `timeout` ms pass. */
  waitFor<T>(check: () => T | Promise<T>, options?: { timeout?: number; interval?: number; what?: string }): Promise<T>;
  /** This namespace's /proc/net/netstat counters. */
  counters(): Record<string, number>;
}

function counters(): Record<string, number> {
  return parseNetstat(fs.readFileSync('/proc/net/netstat', 'utf8'));
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function waitFor<T>(check: () => T | Promise<T>, options: { timeout?: number; interval?: number; what?: string } = {}): Promise<T> {
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

const ctx: AgentContext = { mptcp, net, crypto, state: new Map(), require, sleep, waitFor, counters };

// esbuild (vitest) may wrap named functions in __name(); make it harmless here.
(globalThis as Record<string, unknown>).__name = (f: unknown) => f;

const out = fs.createWriteStream('', { fd: 3 });
const reply = (msg: unknown) => out.write(`${encode(msg)}\n`);

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const { id, fn, args } = decode(line) as { id: number; fn: string; args: unknown[] };
  Promise.resolve()
    .then(() => {
      // eslint-disable-next-line no-eval
      const f = (0, eval)(`(${fn})`) as (c: AgentContext, ...a: unknown[]) => unknown;
      return f(ctx, ...args);
    })
    .then(
      (value) => reply({ id, ok: true, value: value === undefined ? null : value }),
      (err: unknown) => reply({ id, ok: false, error: errorToWire(err) }),
    );
});
lines.on('close', () => {
  out.end(() => process.exit(0));
});
reply({ ready: true });
