// The benchmark harness itself (bench/run.mjs), not the speed of anything:
// a tiny run of two cheap cases must produce a complete JSON, in which every
// figure is a finite number, and a report with its plots.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeUnless, lacks } from '../helpers/requires';

const root = path.join(__dirname, '..', '..');
const CASES = ['connections', 'calls'];

interface Spread {
  median: number;
  min: number;
  max: number;
  n: number;
}
interface CaseResult {
  name: string;
  skipped?: string;
  error?: string;
  rounds: number;
  metrics: { key: string }[];
  variants: { id: string; skipped?: string }[];
  samples: { round: number; variant: string; metrics: Record<string, unknown> }[];
  summary: {
    variants: Record<string, Record<string, Spread>>;
    ratios: (Spread & { label: string; target: number | null; skipped?: string; perRound: number[] })[];
  };
}

let out = '';
let run: { schema: number; date: string; command: string[]; machine: Record<string, unknown>; cases: CaseResult[] };
let stderr = '';
let stdout = '';

const finite = (x: unknown): boolean => typeof x === 'number' && Number.isFinite(x);

// Needs MPTCP sockets (the cases measure ours); namespaces are used when there is root, the host's loopback otherwise.
describeUnless(lacks.mptcp(), `npm run bench -- --tiny (${CASES.join(', ')})`, () => {
  beforeAll(async () => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'mptcp-bench-test-'));
    const args = ['bench/run.mjs', '--tiny', ...CASES.flatMap((c) => ['--case', c]), '--out', out];
    const r = await promisify(execFile)(process.execPath, args, { cwd: root, timeout: 150_000, maxBuffer: 16 << 20 });
    stdout = r.stdout;
    stderr = r.stderr;
    const file = fs.readdirSync(out).find((f) => f.endsWith('.json'));
    if (!file) throw new Error(`no JSON in ${out}; stderr:\n${stderr}`);
    run = JSON.parse(fs.readFileSync(path.join(out, file), 'utf8'));
  }, 160_000);

  afterAll(() => {
    if (out) fs.rmSync(out, { recursive: true, force: true });
  });

  it('names the JSON after the date and the kernel, and records the machine and the command line', () => {
    expect(fs.readdirSync(out)).toContain(`${run.date.slice(0, 10)}-${os.release()}.json`);
    expect(run.schema).toBe(1);
    expect(run.command).toEqual(expect.arrayContaining(['bench/run.mjs', '--tiny', '--case', 'calls']));
    const m = run.machine;
    for (const key of ['cpu', 'kernel', 'node', 'congestionControl']) expect(typeof m[key], key).toBe('string');
    expect(finite(m['cores'])).toBe(true);
    expect((m['loadavgStart'] as number[]).every(finite)).toBe(true);
  });

  it('runs each case for at least 5 rounds, every running variant once per round, with finite figures', () => {
    expect(run.cases.map((c) => c.name)).toEqual(CASES);
    for (const c of run.cases) {
      expect(c.error, `${c.name} failed`).toBeUndefined();
      expect(c.skipped, `${c.name} skipped`).toBeUndefined();
      expect(c.rounds).toBeGreaterThanOrEqual(5);
      const running = c.variants.filter((v) => !v.skipped);
      expect(running.length).toBeGreaterThan(0);
      for (const v of c.variants.filter((x) => x.skipped)) expect(v.skipped).toMatch(/\w/);
      expect(c.samples).toHaveLength(c.rounds * running.length);
      for (let round = 0; round < c.rounds; round++) {
        expect(c.samples.filter((s) => s.round === round).map((s) => s.variant).sort()).toEqual(running.map((v) => v.id).sort());
      }
      for (const s of c.samples) for (const m of c.metrics) expect(finite(s.metrics[m.key]), `${c.name} ${s.variant} ${m.key}`).toBe(true);
      for (const v of running) {
        for (const m of c.metrics) {
          const st = c.summary.variants[v.id]![m.key]!;
          expect([st.median, st.min, st.max].every(finite), `${c.name} ${v.id} ${m.key}`).toBe(true);
          expect(st.n).toBe(c.rounds);
          expect(st.min).toBeLessThanOrEqual(st.median);
          expect(st.median).toBeLessThanOrEqual(st.max);
        }
      }
      for (const r of c.summary.ratios) {
        if (r.skipped) continue;
        expect([r.median, r.min, r.max].every(finite), `${c.name} ${r.label}`).toBe(true);
        expect(r.perRound).toHaveLength(c.rounds);
        expect(r.target === null || finite(r.target)).toBe(true);
      }
    }
  });

  it('renders report.md with an SVG plot per case', () => {
    const md = fs.readFileSync(path.join(out, 'report.md'), 'utf8');
    expect(md).toContain('## Connection rate (`connections`)');
    expect(md).toContain('## Cost per call (`calls`)');
    const images = [...md.matchAll(/!\[[^\]]*\]\(([^)]+\.svg)\)/g)].map((m) => m[1]!);
    expect(images).toEqual(expect.arrayContaining(['report-connections.svg', 'report-calls.svg']));
    for (const img of images) {
      const svg = fs.readFileSync(path.join(out, img), 'utf8');
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    }
  });

  it('prints the tables, and plain progress lines when piped', () => {
    expect(stdout).toContain('Connection rate (connections)');
    expect(stdout).toContain('ratios, within each round');
    expect(stderr).toMatch(/^connections round 5\/5: conn\/s: /m);
  });
});
