#!/usr/bin/env node
// npm run bench: every benchmark case, side by side in one run.
//
//   node bench/run.mjs [--quick | --tiny] [--case NAME]… [--rounds N] [--cc NAME] [--node PATH] [--out DIR] [--no-pin]
//
// Variants alternate within each round; ratios are taken within a round and
// never against figures of another run. Writes OUT/<date>-<kernel>.json
// (machine, settings, every raw sample, the command line) and OUT/report.md
// with SVG plots; prints the tables. Most cases need root for their private
// network namespaces; loopback cases without root run in the host's own
// namespace and say so.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

const USAGE = `usage: node bench/run.mjs [options]
  --quick          smaller sizes: everything in about 3 minutes (2 cores)
  --tiny           smallest sizes: checks the harness; the figures mean nothing
  --case NAME      run only this case (repeatable): CASES
  --rounds N       rounds per case (at least each case's minimum: 5, bulk 7)
  --cc NAME        congestion control of bulk's sending sockets (default cubic)
  --node PATH      the Node binary for the workers (default: this one)
  --out DIR        where to write the JSON, report.md and plots (default bench/results)
  --no-pin         do not pin client and server to different cores
`;

function parse(argv, names) {
  const o = { cases: [], profile: 'full', rounds: null, cc: 'cubic', node: process.execPath, out: path.join(root, 'bench', 'results'), pin: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--quick') o.profile = 'quick';
    else if (a === '--tiny') o.profile = 'tiny';
    else if (a === '--case') o.cases.push(value());
    else if (a === '--rounds') o.rounds = Number(value());
    else if (a === '--cc') o.cc = value();
    else if (a === '--node') o.node = value();
    else if (a === '--out') o.out = path.resolve(value());
    else if (a === '--no-pin') o.pin = false;
    else if (a === '--help' || a === '-h') o.help = true;
    else throw new Error(`unknown option ${a}`);
  }
  for (const c of o.cases) if (!names.includes(c)) throw new Error(`no case ${c}; there are: ${names.join(', ')}`);
  if (o.rounds !== null && !(Number.isInteger(o.rounds) && o.rounds >= 1 && o.rounds <= 100)) throw new Error('--rounds takes a whole number, 1–100');
  if (!/^[a-z0-9_]+$/.test(o.cc)) throw new Error(`--cc ${o.cc}?`);
  return o;
}

async function main() {
  if (!fs.existsSync(path.join(root, 'dist', 'index.js'))) {
    console.error('dist/ is missing: run `npm run build` first (the benchmarks measure what dist/ holds)');
    return 2;
  }
  const { cases } = await import('./cases/index.mjs');
  const names = cases.map((c) => c.name);
  let opts;
  try {
    opts = parse(process.argv.slice(2), names);
  } catch (err) {
    console.error(`${err.message}\n\n${USAGE.replace('CASES', names.join(', '))}`);
    return 2;
  }
  if (opts.help) {
    console.log(USAGE.replace('CASES', names.join(', ')));
    return 0;
  }

  const { machine } = await import('./lib/machine.mjs');
  const { runCase, roundsFor } = await import('./lib/runner.mjs');
  const { Progress } = await import('./lib/progress.mjs');
  const { caseTable, markdown } = await import('./lib/report.mjs');
  const { ratioChart, seriesChart } = await import('./lib/plot.mjs');
  const { netns } = await import('./lib/lab.mjs');
  const mptcp = require(path.join(root, 'dist', 'index.js'));
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

  // Why this machine (or this build of the package) cannot run something; undefined when it can.
  const why = {
    netns: () => (netns.netnsAvailability().ok ? undefined : `needs a private network namespace: ${netns.netnsAvailability().reason}`),
    mptcp: () => {
      const s = mptcp.support();
      return s.supported ? undefined : `MPTCP sockets are unavailable here (${s.reason})`;
    },
    mptcpize: () => (netns.hasCommand('mptcpize') ? undefined : 'mptcpize is not installed (apt-get install mptcpize)'),
    python3: () => (netns.hasCommand('python3') ? undefined : 'python3 is not installed'),
    listen: () => (typeof mptcp.listen === 'function' ? undefined : 'mptcp.listen() is not in this build of the package'),
    register: () =>
      pkg.exports?.['./register'] ? undefined : "'mptcp/register' is not in this build of the package (no ./register in package.json exports)",
  };
  const lacks = (needs) => needs.map((n) => why[n]()).find(Boolean);

  const cores = os.availableParallelism();
  const pin = opts.pin && cores >= 2 ? { client: 0, server: 1 } : null;
  const selected = opts.cases.length ? cases.filter((c) => opts.cases.includes(c.name)) : cases;
  const ctx = {
    profile: opts.profile,
    size: (table) => table[opts.profile],
    rounds: opts.rounds,
    cc: opts.cc,
    hostCc: fs.readFileSync('/proc/sys/net/ipv4/tcp_congestion_control', 'utf8').trim(),
    node: opts.node,
    netns: netns.netnsAvailability(),
    pin,
    pinning: pin ? `client core ${pin.client}, server core ${pin.server} (taskset)` : 'none',
    lacks,
    caseLimitMs: { full: 60, quick: 3, tiny: 2 }[opts.profile] * 60_000,
  };

  const started = Date.now();
  const run = {
    schema: 1,
    date: new Date().toISOString(),
    command: ['node', path.relative(root, process.argv[1]), ...process.argv.slice(2)],
    profile: opts.profile,
    machine: machine(root, opts.node),
    cases: [],
  };
  const progress = new Progress(selected.reduce((n, c) => n + (lacks(c.needs ?? []) ? 0 : roundsFor(c, ctx)), 0));
  if (!ctx.netns.ok) progress.note(`no private network namespaces (${ctx.netns.reason}): loopback cases run in the host's namespace`);
  for (const mod of selected) {
    const result = await runCase(mod, ctx, progress);
    if (result.skipped) progress.note(`${mod.name}: skipped, ${result.skipped}`);
    if (result.error) progress.note(`${mod.name}: FAILED\n${result.error}`);
    run.cases.push(result);
  }
  progress.end();
  run.machine.loadavgEnd = os.loadavg();
  run.seconds = (Date.now() - started) / 1000;

  fs.mkdirSync(opts.out, { recursive: true });
  run.file = `${run.date.slice(0, 10)}-${run.machine.kernel}.json`;
  fs.writeFileSync(path.join(opts.out, run.file), `${JSON.stringify(run, null, 1)}\n`);
  const images = {};
  for (const c of run.cases) {
    if (c.skipped) continue;
    images[c.name] = {};
    for (const [kind, draw] of [
      ['ratios', ratioChart],
      ['series', seriesChart],
    ]) {
      const svg = await draw(c);
      if (!svg) continue;
      const file = `report-${c.name}${kind === 'ratios' ? '' : `-${kind}`}.svg`;
      fs.writeFileSync(path.join(opts.out, file), svg);
      images[c.name][kind] = file;
    }
  }
  fs.writeFileSync(path.join(opts.out, 'report.md'), markdown(run, images));

  for (const c of run.cases) console.log(caseTable(c));
  console.log(`${run.seconds.toFixed(0)} s. Written: ${path.relative(process.cwd(), path.join(opts.out, run.file))}, ${path.relative(process.cwd(), path.join(opts.out, 'report.md'))}`);
  return run.cases.some((c) => c.error) ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(err);
    process.exitCode = 1;
  },
);
