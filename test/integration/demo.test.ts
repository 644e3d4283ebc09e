// `npm start`, as a test sees it: piped (plain lines, no escape codes) and
// --tiny (short acts, slow links). It must tell all three acts, find every
// stream intact, write its chart and exit 0: as root, and as uid 65534 in a
// user namespace of its own. What is asserted is behaviour (both paths
// used, the backup idle then carrying everything), never a speed.
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { publicInstall } from '../../dist/testing/stage.js';
import { describeNetns } from '../helpers/integration';
import { itUnless } from '../helpers/requires';

const root = path.join(__dirname, '..', '..');
const userns = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'unshare', '-Urnm', 'true']).status === 0;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs to the end; bounded generously: a run takes 20 s here, minutes under emulation (npm run test:kernel). */
function run(argv: readonly string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(argv[0]!, argv.slice(1), { cwd, timeout: 170_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

/** The numbers that `re` captures in `out`. */
function figures(out: string, re: RegExp): number[] {
  const m = re.exec(out);
  if (!m) throw new Error(`no line matching ${re} in:\n${out}`);
  return m.slice(1).map(Number);
}

/** A stall, as the demo reports it. */
const STALL = String.raw`(the application read nothing for \d+ ms \(from [\d.]+ s\)|none \(no gap between reads of 100 ms or more\))`;

/** The story, whoever ran it. */
function expectStory(r: Run): void {
  const out = r.stdout;
  expect(r.stderr, out).toBe('');
  expect(r.code, out).toBe(0);
  expect(out).not.toMatch(/\x1b\[/); // piped: plain lines
  expect(out).toMatch(/^Multipath TCP, live: a client and a server joined by two paths$/m);

  // 1. Both paths carried data.
  expect(out).toMatch(/^1\. Splitting: one connection, both paths busy$/m);
  const [p1, p2] = figures(out, /^ {3}path 1 carried ([\d.]+) MB, path 2 ([\d.]+) MB: [\d.]+ Mbit\/s together/m);
  expect(p1).toBeGreaterThan(0);
  expect(p2).toBeGreaterThan(0);

  // 2. Path 1 cut and back; the stall measured; path 1 used again.
  expect(out).toMatch(/^2\. Switching: path 1 is cut mid-transfer, then comes back$/m);
  expect(out).toMatch(/^ +[\d.]+ s {2}path 1 cut \(the client's link on it, cleth1, is down\)$/m);
  expect(out).toMatch(/^ +[\d.]+ s {2}path 1 back \(cleth1 up\)$/m);
  expect(out).toMatch(new RegExp(`^ {3}and at the return: ${STALL}$`, 'm'));
  expect(out).toMatch(/^ {3}path 1 carries traffic again, [\d.]+ s after its link returned$/m);

  // 3. The backup idle while path 1 worked, then carrying everything.
  expect(out).toMatch(/^3\. Steering: path 2 a backup, idle until path 1 goes$/m);
  const [idle, before] = figures(out, /^ {3}while path 1 worked, the backup carried ([\d.]+) MB of ([\d.]+) MB/m);
  expect(before).toBeGreaterThan(0);
  expect(idle).toBeLessThanOrEqual(before * 0.05);
  const [took, after] = figures(out, /^ {3}after the cut, it carried ([\d.]+) MB of ([\d.]+) MB/m);
  expect(after).toBeGreaterThan(0);
  expect(took).toBe(after);
  // The stall measured where path 1 goes, in both acts that cut it (how long it is, if any, is the kernel's affair).
  expect(out.match(new RegExp(`^ {3}the stall at the cut: ${STALL}$`, 'gm'))).toHaveLength(2);

  // No byte lost, in any act.
  expect(out.match(/^ {3}SHA-256 equal at both ends \(.*\): no byte lost$/gm)).toHaveLength(3);
  expect(out).not.toMatch(/DIFFERENT/);
}

function expectChart(file: string): void {
  const svg = fs.readFileSync(file, 'utf8');
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  for (const text of ['path 1 (192.0.2.2)', 'path 2 (198.51.100.2)', 'read by the app', '1. Splitting', '2. Switching', '3. Steering', 'path 1 cut']) {
    expect(svg).toContain(`>${text}</text>`);
  }
  // Every tag closed: as many openings as closings, self-closing ones aside.
  const opened = svg.match(/<[a-zA-Z][^>]*[^/]>|<[a-zA-Z]>/g)?.length ?? 0;
  const closed = svg.match(/<\/[a-zA-Z][^>]*>/g)?.length ?? 0;
  expect(opened).toBe(closed);
}

describeNetns('npm start (the demo), piped, --tiny', () => {
  let dir = '';
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mptcp-demo-test-'));
  });
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('as root: three acts, every stream intact, a chart', async () => {
    const chart = path.join(dir, 'chart.svg');
    const r = await run([process.execPath, 'dist/demo/demo.js', '--tiny', '--chart', chart], root);
    expectStory(r);
    expect(r.stdout).toMatch(/^ +as root: network namespaces mptcp-demo-cli-\S+ and mptcp-demo-srv-\S+$/m);
    expect(r.stdout).toContain(`Chart of the whole run (per-path throughput over time): ${chart}\n`);
    expectChart(chart);
  }, 180_000);

  // Some systems forbid unprivileged user namespaces; only there is this skipped (never under CI).
  itUnless(userns ? undefined : 'unprivileged user namespaces are disabled here', 'as uid 65534: the same two paths, in a user namespace', async () => {
    // From where that user can read it: in place, or a copy without the devDependencies (no chart then).
    const install = publicInstall();
    let chart: string | undefined;
    try {
      const demo = path.join(install.root, 'dist', 'demo', 'demo.js');
      const r = await run(['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', install.node, demo, '--tiny'], '/');
      // In a directory of its own in the temporary one, where that user may write.
      chart = /^Chart of the whole run \(per-path throughput over time\): (.+)$/m.exec(r.stdout)?.[1];
      expectStory(r);
      expect(r.stdout).toMatch(/^ +without root \(uid 65534\), in a user namespace of its own \(unshare -Urnm\): network namespaces /m);
      if (chart) expectChart(chart);
      else expect(r.stdout).toMatch(/^No chart: vega and vega-lite are not installed/m);
    } finally {
      if (chart) fs.rmSync(path.dirname(chart), { recursive: true, force: true });
      install.dispose();
    }
  }, 180_000);
});
