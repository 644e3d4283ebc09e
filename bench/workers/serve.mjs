// The worker side of bench/lib/worker.mjs: print one JSON line when ready,
// then answer each JSON command line from stdin with one JSON line, one
// command at a time. stdin closing (the harness is done, or gone) ends the
// process. Nothing else may write to stdout.
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

export const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

/** This package as built in dist/ (what the benchmark measures). */
export function loadMptcp() {
  return require(path.join(root, 'dist', 'index.js'));
}

/** `--name value` from the command line, or `dflt`. */
export function arg(name, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? dflt : process.argv[i + 1];
}

/** Seconds of CPU (user + system) this process has used since `since` (a process.cpuUsage()). */
export function cpuSeconds(since) {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
}

/** Resolves when `fn()` is true, polling every `everyMs`; rejects after `ms`. */
export async function until(fn, ms, what, everyMs = 5) {
  const deadline = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** `promise`, or a rejection after `ms`. */
export async function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function serve(ready, handlers, { onEnd } = {}) {
  const write = (msg) => process.stdout.write(`${JSON.stringify(msg)}\n`);
  write({ ready: true, pid: process.pid, node: process.version, ...ready });
  let chain = Promise.resolve();
  const rl = readline.createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    chain = chain.then(async () => {
      try {
        const cmd = JSON.parse(line);
        const handler = handlers[cmd.op];
        if (!handler) throw new Error(`unknown op ${cmd.op}`);
        write((await handler(cmd)) ?? {});
      } catch (err) {
        write({ error: String(err?.stack ?? err) });
      }
    });
  });
  rl.on('close', () => {
    chain.then(async () => {
      await onEnd?.();
      process.exit(0);
    });
  });
}
