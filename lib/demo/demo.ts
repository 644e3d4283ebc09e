// `npm start`: Multipath TCP, live, in three acts (story.ts) between two
// private hosts joined by two shaped links, then a chart of what each path
// carried. As root, the hosts are network namespaces of this machine. As
// another user, the demo runs again inside a user namespace of its own
// (`unshare -Urnm`), where it is root enough for namespaces, veth links, tc
// and `ip mptcp`. Only where user namespaces are off does it fall back to
// loopback, which has one path, and says so.
//
// node dist/demo/demo.js [--tiny] [--chart FILE]
//   --tiny        short acts and slow links (the tests); the story is the same
//   --chart FILE  where the SVG chart goes (default: a new directory in the temporary one)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mptcp from '../index';
import { plotter } from '../plot';
import { netnsAvailability } from '../testing/index';
import { throughputChart } from './chart';
import { Live } from './live';
import { tell } from './story';

/** Passed to the run inside the user namespace; not for people. */
const INSIDE = '--inside-user-namespace';

interface Options {
  tiny: boolean;
  chart: string | null;
  inside: boolean;
}

function parse(argv: readonly string[]): Options | string {
  const o: Options = { tiny: false, chart: null, inside: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--tiny') o.tiny = true;
    else if (a === INSIDE) o.inside = true;
    else if (a === '--chart' && argv[i + 1]) o.chart = path.resolve(argv[++i]!);
    else return `${a === '--chart' ? '--chart needs a file' : `unknown argument: ${a}`}\nusage: npm start -- [--tiny] [--chart FILE]`;
  }
  return o;
}

/**
 * Whether this user can have a user namespace with the mounts the demo
 * needs (a tmpfs on /run, for `ip netns add`): undefined if so, else why not.
 * Tried for real, since the switches vary (kernel.unprivileged_userns_clone,
 * user.max_user_namespaces, AppArmor's restrictions).
 */
function userNamespaceUnavailable(): string | undefined {
  const r = spawnSync('unshare', ['-Urnm', 'mount', '-t', 'tmpfs', 'tmpfs', '/run'], { encoding: 'utf8', timeout: 10_000 });
  const code = (r.error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'unshare (util-linux) is not installed';
  if (r.error) return `unshare -Urnm could not run (${code ?? r.error.message})`;
  if (r.status !== 0) {
    const said = r.stderr.trim().split('\n').at(-1) || `exit status ${r.status}`;
    return `user namespaces are off here (${said}; see sysctl user.max_user_namespaces, kernel.unprivileged_userns_clone, AppArmor)`;
  }
  return undefined;
}

/** This demo again, in a user namespace of its own; resolves with its exit status. */
function again(argv: readonly string[]): Promise<number> {
  const child = spawn('unshare', ['-Urnm', process.execPath, __filename, INSIDE, ...argv], { stdio: 'inherit' });
  // Ctrl-C reaches both processes (one process group): this one waits for the
  // other to clean up. A signal sent to this one alone is passed on.
  process.on('SIGINT', () => {});
  for (const sig of ['SIGTERM', 'SIGHUP'] as const) process.on(sig, () => child.kill(sig));
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1)));
    child.on('error', () => resolve(1));
  });
}

/** Our uid outside this user namespace: "0 1000 1" in /proc/self/uid_map maps 0 here to 1000 there. */
function outerUid(): string {
  return fs.readFileSync('/proc/self/uid_map', 'utf8').trim().split(/\s+/)[1] ?? '?';
}

async function twoPaths(o: Options, live: Live): Promise<boolean> {
  const began = Date.now();
  const how = o.inside ? `without root (uid ${outerUid()}), in a user namespace of its own (unshare -Urnm)` : 'as root';
  const rates = o.tiny ? ([8, 4] as const) : ([20, 10] as const);
  const result = await tell({ live, scale: o.tiny ? 0.4 : 1, rates, how });
  const file = o.chart ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mptcp-demo-')), 'throughput.svg');
  const p = await plotter();
  if ('missing' in p) {
    live.line(`No chart: ${p.missing}.`);
  } else {
    const svg = await p.svg(throughputChart(result.points, result.marks, `links of ${rates.join(' and ')} Mbit/s; Linux ${os.release()}`));
    fs.writeFileSync(file, svg);
    live.line(`Chart of the whole run (per-path throughput over time): ${file}`);
  }
  live.line(live.dim(`Done in ${((Date.now() - began) / 1000).toFixed(1)} s.`));
  return result.intact;
}

async function loopback(why: string, live: Live, inside: boolean): Promise<void> {
  // In a network namespace of our own (the run inside a user namespace), loopback starts down.
  if (inside) execFileSync('ip', ['link', 'set', 'lo', 'up']);
  live.line(live.bold('Multipath TCP demo: loopback only'));
  live.line(`   ${why}`);
  live.line();
  live.line(`   support(): ${JSON.stringify(mptcp.support())}`);
  const server = mptcp.createServer((s) => s.pipe(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  const s = mptcp.connect(port, '127.0.0.1');
  await new Promise((r) => s.once('connect', r));
  s.write(Buffer.alloc(1 << 20));
  let echoed = 0;
  await new Promise<void>((resolve) => s.on('data', (d: Buffer) => (echoed += d.length) >= 1 << 20 && resolve()));
  live.line(`   connected to 127.0.0.1:${port}; multipath: ${s.multipath}; fallbackReason: ${s.fallbackReason}`);
  if (s.multipath) {
    const info = s.info()!;
    live.line(`   token ${info.token?.toString(16)}, ${s.subflows().length} subflow, ${echoed} bytes echoed back`);
    for (const f of s.subflows()) {
      live.line(`   subflow ${f.id}: ${f.local.address}:${f.local.port} → ${f.remote.address}:${f.remote.port}, rtt ${f.tcpInfo.rtt} µs`);
    }
  }
  live.line();
  live.line('   What this cannot show: a second path. Loopback is one path; two need private network');
  live.line('   namespaces joined by veth links, which cannot be made here (the reason is above).');
  s.destroy();
  server.close();
}

async function main(): Promise<number> {
  const o = parse(process.argv.slice(2));
  if (typeof o === 'string') {
    console.error(o);
    return 2;
  }
  const live = new Live(process.stdout.isTTY === true);
  if (o.inside) {
    // Root of this user namespace: /run becomes ours, for `ip netns add` (it is the host's otherwise).
    execFileSync('mount', ['-t', 'tmpfs', 'tmpfs', '/run']);
  } else if (process.getuid?.() !== 0) {
    const why = userNamespaceUnavailable();
    if (!why) return again(process.argv.slice(2));
    await loopback(`Not root, and no user namespace to be root in: ${why}.`, live, false);
    return 0;
  }
  // net.mptcp.enabled=0 here does not matter: the demo's namespaces enable it.
  const support = mptcp.support();
  if (!support.supported && support.reason !== 'disabled') {
    await loopback(`No MPTCP here (${support.reason}): sockets fall back to plain TCP, as shown below.`, live, o.inside);
    return 0;
  }
  const ns = netnsAvailability();
  if (!ns.ok) {
    await loopback(`Two paths need private network namespaces: ${ns.reason}.`, live, o.inside);
    return 0;
  }
  return (await twoPaths(o, live)) ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
