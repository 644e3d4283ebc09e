// No fd or handle leaks: 100,000 connect/close cycles through mptcp (MPTCP,
// and fallback on either end; by address and by name) with info() and
// subflows() on both ends, in a child process alone in its own namespace.
// Its open fds (/proc/self/fd) must come back to the baseline exactly, and no
// handle may be left (process.getActiveResourcesInfo()). The figures are printed.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Netns } from '../../dist/testing/netns.js';
import { describeNetns } from '../helpers/integration';

const root = path.join(__dirname, '..', '..');
const CYCLES = 100_000;
const CONCURRENCY = 32;

interface Figures {
  cycles: number;
  concurrency: number;
  counts: Record<string, number>;
  ms: number;
  baseline: { fds: number; handles: string[] };
  after: { fds: number; handles: string[] };
  rssMiB: number;
}

function runChild(ns: Netns): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'ip',
      ['netns', 'exec', ns.name, process.execPath, path.join(root, 'test', 'helpers', 'leak-child.cjs'), path.join(root, 'dist'), String(CYCLES), String(CONCURRENCY)],
      { stdio: ['ignore', 'pipe', 'pipe'], timeout: 280_000, killSignal: 'SIGKILL' },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0) return reject(new Error(`leak-child exited ${code ?? signal}: ${err.trim()}`));
      resolve(JSON.parse(out.trim().split('\n').pop()!) as Figures);
    });
  });
}

describeNetns('fd and handle leaks', () => {
  let ns: Netns;
  beforeAll(async () => {
    ns = await Netns.create({ prefix: 'mptcp-leak' });
  });
  afterAll(() => ns?.destroy());

  it(
    `${CYCLES} connect/close cycles leave no fd and no handle behind`,
    async () => {
      const f = await runChild(ns);
      console.log(
        `leak check: ${f.cycles} cycles (${Object.entries(f.counts)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}), ${f.concurrency} at a time, in ${(f.ms / 1000).toFixed(1)} s` +
          ` (${Math.round((f.cycles / f.ms) * 1000)}/s); fds ${f.baseline.fds} before, ${f.after.fds} after;` +
          ` handles [${f.baseline.handles.join(', ')}] before, [${f.after.handles.join(', ')}] after; rss ${f.rssMiB} MiB`,
      );
      // Nine servers (three kinds × three ways to connect) taken in turn.
      expect(f.counts).toEqual({ mptcp: 33_334, 'client-fallback': 33_333, 'server-fallback': 33_333 });
      expect(f.after.fds).toBe(f.baseline.fds);
      // Before and after: only the pipe its stdout is to this test (stderr's too, had it written).
      expect(f.after.handles).toEqual(f.baseline.handles);
      expect(f.baseline.handles.filter((h) => h !== 'PipeWrap')).toEqual([]);
    },
    300_000,
  );
});
