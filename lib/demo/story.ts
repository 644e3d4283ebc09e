// The story `npm start` tells, in three acts, between two private hosts
// (network namespaces) joined by two shaped links:
//   1. splitting: one download over both paths at once, the sum shown;
//   2. switching: path 1 is cut mid-transfer and comes back: no byte lost,
//      the stall measured, path 1 carrying traffic again;
//   3. steering: path 2 a backup, idle while path 1 works, carrying
//      everything once path 1 goes.
// The server sends, the client receives and is watched (stream.ts); a
// sample every 250 ms feeds the live table and the chart.
import path from 'node:path';
import { pathAddresses, TwoHosts, type Agent } from '../testing/index';
import type { Mark, Point } from './chart';
import { bar, megabytes, type Live } from './live';
import { GAP_MS, type Gap, type Received, type Sample, type Sent } from './stream';

type Stream = typeof import('./stream');
const streamModule = path.join(__dirname, 'stream.js');

export interface StoryOptions {
  live: Live;
  /** Multiplies the timed phases: 1 for people, less for tests. */
  scale: number;
  /** Mbit/s of path 1 and path 2. */
  rates: readonly [number, number];
  /** Said in the opening lines: how these namespaces came to be. */
  how: string;
}

export interface StoryResult {
  points: Point[];
  marks: Mark[];
  /** False if any act lost or changed a byte. */
  intact: boolean;
}

const PATHS = [pathAddresses(1), pathAddresses(2)] as const;
const SERVER = PATHS[0].server4;
const SAMPLE_MS = 250;
/**
 * Rates are averaged over this much time: over less, a shaped link is lumpy,
 * and the application's reads more so (data that waited for a hole to be
 * filled arrives all at once).
 */
const RATE_WINDOW_MS = 1000;
/** No transfer outlives this, whatever goes wrong (the sender stops by itself too). */
const MAX_TRANSFER_S = 60;

/**
 * mptcp.connect() options of the client in acts 2 and 3, where a path goes:
 * the place for per-connection failover options once the package has them
 * (the stall and the backup's takeover, printed, then show what they change).
 */
const FAILOVER: Record<string, unknown> = {};

/** The chart's line for what the application read. */
const APP = 'read by the app';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const pathOf = (address: string) => PATHS.findIndex((p) => p.client4 === address);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

interface PathNow {
  /** Bytes this path delivered in this act. */
  bytes: number;
  mbit: number;
  /** Subflows on this path now. */
  subflows: number;
}

/**
 * One connection, sampled until finish(): the live block redrawn, the
 * chart's points collected, and conditions the act waits for checked on
 * every sample.
 */
class Transfer {
  readonly paths: PathNow[] = PATHS.map(() => ({ bytes: 0, mbit: 0, subflows: 0 }));
  /** What the application read, in order: the paths together, minus what waits for a hole to be filled. */
  readonly app = { bytes: 0, mbit: 0 };
  /** The act's time (ms) of the latest sample. */
  sampledMs = 0;
  /** Samples taken so far. */
  samples = 0;
  private readonly started = Date.now();
  /**
   * Each subflow's path and bytes, by local address:port > remote: a subflow
   * that closes keeps what it carried.
   */
  private readonly perSubflow = new Map<string, { path: number; bytes: number }>();
  /** Bytes of path 1, path 2 and the application over the last RATE_WINDOW_MS. */
  private readonly history: { at: number; bytes: number[] }[] = [{ at: 0, bytes: [0, 0, 0] }];
  private readonly waiters: { check: () => boolean; resolve: (at: number) => void }[] = [];
  private stopped = false;
  private readonly loop: Promise<void>;

  constructor(
    private readonly story: Story,
    private readonly client: Agent<Stream>,
    private readonly status: () => string,
  ) {
    this.loop = this.sampleLoop();
  }

  /** Milliseconds since this act's connection began. */
  get ms(): number {
    return Date.now() - this.started;
  }

  /** Resolves with the act's time (ms) at the first sample where `check` holds, or null after `timeoutMs`. */
  until(check: () => boolean, timeoutMs: number): Promise<number | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        resolve(null);
      }, timeoutMs);
      const waiter = {
        check,
        resolve: (at: number) => {
          clearTimeout(timer);
          resolve(at);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /**
   * A sample now, between the loop's: the paths' bytes at this moment. (The
   * agent answers calls in order, so samples are taken in the order asked.)
   */
  async sampleNow(): Promise<[number, number]> {
    this.absorb(await this.client.call('sample'));
    return [this.paths[0]!.bytes, this.paths[1]!.bytes];
  }

  /**
   * Lets the act run for `s` seconds (scaled, at least one), and for two
   * samples more at least: on a slow machine (an emulated one) a phase
   * still shows something.
   */
  async hold(s: number): Promise<void> {
    const from = this.samples;
    await sleep(Math.max(1, s * this.story.options.scale) * 1000);
    await this.until(() => this.samples >= from + 2, 10_000);
  }

  /**
   * Waits (up to 15 s) for what the act needs before it goes on, e.g. both
   * paths carrying data; says so if it never comes.
   */
  async ready(check: () => boolean, what: string): Promise<void> {
    if ((await this.until(check, 15_000)) === null) this.story.live.line(`   (${what}: not within 15 s; going on without)`);
  }

  /** An event at `atMs` (default: now): a line, and with a short `chart` label, a mark on the chart. */
  mark(label: string, chart?: string, atMs = this.ms): void {
    this.story.live.line(`   ${seconds(atMs).padStart(6)}  ${label}`);
    if (chart) this.story.marks.push({ t: this.story.clock() - (this.ms - atMs) / 1000, label: chart, kind: 'event' });
  }

  /** Stops sampling, ends the stream, and compares what was sent with what arrived. */
  async finish(server: Agent<Stream>): Promise<{ sent: Sent; got: Received }> {
    this.stopped = true;
    await this.loop;
    this.story.live.keep();
    const [sent, got] = await Promise.all([server.call('stopSending'), this.client.call('received')]);
    return { sent, got };
  }

  private async sampleLoop(): Promise<void> {
    // Bounded in count as well as by finish(): a transfer cannot outlive MAX_TRANSFER_S.
    for (let i = 0; i < (MAX_TRANSFER_S * 1000) / SAMPLE_MS && !this.stopped; i++) {
      await sleep(SAMPLE_MS);
      if (this.stopped) break;
      this.absorb(await this.client.call('sample'));
      this.story.live.update(this.block(), this.plain(), this.ms);
      for (const w of [...this.waiters]) {
        if (!w.check()) continue;
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(this.ms);
      }
    }
  }

  private absorb(s: Sample): void {
    for (const e of s.events) this.mark(e);
    if (s.ended) return;
    this.sampledMs = s.ms;
    this.samples++;
    for (const p of this.paths) p.subflows = 0;
    for (const f of s.subflows) {
      const path = pathOf(f.local);
      if (path < 0) continue;
      this.perSubflow.set(`${f.local}:${f.localPort}>${f.remote}`, { path, bytes: f.bytes });
      this.paths[path]!.subflows++;
    }
    const bytes = [0, 0, s.bytes];
    for (const f of this.perSubflow.values()) bytes[f.path] += f.bytes;
    const at = s.ms;
    this.history.push({ at, bytes });
    while (this.history.length > 2 && at - this.history[1]!.at >= RATE_WINDOW_MS) this.history.shift();
    const from = this.history[0]!;
    const dt = (at - from.at) / 1000;
    const mbit = bytes.map((b, i) => (dt > 0 ? ((b - from.bytes[i]!) * 8) / dt / 1e6 : 0));
    const t = this.story.clock();
    const act = this.story.current;
    this.paths.forEach((p, i) => {
      p.bytes = bytes[i]!;
      p.mbit = mbit[i]!;
      this.story.points.push({ t, act, line: this.story.pathName(i), mbit: p.mbit });
    });
    this.app.bytes = s.bytes;
    this.app.mbit = mbit[2]!;
    this.story.points.push({ t, act, line: APP, mbit: this.app.mbit });
  }

  private block(): string[] {
    const { live, rates } = this.story;
    const full = Math.max(...rates);
    const rows = this.paths.map((p, i) => {
      const name = `path ${i + 1}  ${PATHS[i]!.client4.padEnd(13)}`;
      if (p.subflows === 0) return `   ${name} ${live.dim('no subflow')}`;
      return `   ${name} ${bar(p.mbit, full)} ${p.mbit.toFixed(1).padStart(5)} Mbit/s ${megabytes(p.bytes).padStart(8)}`;
    });
    rows.push(`   ${'read by the app'.padEnd(21)} ${this.app.mbit.toFixed(1).padStart(26)} Mbit/s ${megabytes(this.app.bytes).padStart(8)}`);
    rows.push(`   ${live.dim(`${seconds(this.ms)}: ${this.status()}`)}`);
    return rows;
  }

  private plain(): string {
    const each = this.paths.map((p, i) => `path ${i + 1} ${p.subflows ? `${p.mbit.toFixed(1)} Mbit/s` : 'no subflow'}`);
    return `   ${seconds(this.ms).padStart(6)}  ${each.join(', ')}; read by the app ${this.app.mbit.toFixed(1)} Mbit/s, ${megabytes(this.app.bytes)}`;
  }
}

/** The world (hosts, links, agents) and what the acts share. */
class Story {
  readonly points: Point[] = [];
  readonly marks: Mark[] = [];
  readonly live: Live;
  readonly rates: readonly [number, number];
  private readonly began = Date.now();
  /** The act under way (1, 2, 3). */
  current = 0;
  intact = true;

  constructor(
    readonly options: StoryOptions,
    readonly hosts: TwoHosts,
    readonly server: Agent<Stream>,
    readonly client: Agent<Stream>,
    readonly port: number,
  ) {
    this.live = options.live;
    this.rates = options.rates;
  }

  /** Seconds since the run began: the chart's time. */
  clock(): number {
    return (Date.now() - this.began) / 1000;
  }

  pathName(i: number): string {
    return `path ${i + 1} (${PATHS[i]!.client4})`;
  }

  act(n: number, title: string, ...about: string[]): void {
    this.current = n;
    this.live.line();
    this.live.line(this.live.bold(`${n}. ${title}`));
    for (const a of about) this.live.line(`   ${a}`);
    this.marks.push({ t: this.clock(), label: `${n}. ${title.split(':')[0]}`, kind: 'act' });
  }

  /** Connects the client (the download starts) and samples until finish(). */
  async transfer(status: () => string, connectOptions: Record<string, unknown> = {}): Promise<Transfer> {
    await this.client.call('receive', this.port, SERVER, connectOptions);
    return new Transfer(this, this.client, status);
  }

  /** Path 1 goes, as when a Wi-Fi link drops: the client's interface on it is down. Resolves with the act's time then. */
  async cutPath1(t: Transfer): Promise<number> {
    // Events are timed by when the command began: a stall cannot start before that.
    const at = t.ms;
    await this.hosts.client.ip('link', 'set', 'cleth1', 'down');
    t.mark("path 1 cut (the client's link on it, cleth1, is down)", 'path 1 cut', at);
    return at;
  }

  /**
   * The longest time the application read nothing, among the gaps that
   * began from `fromMs` (and before `toMs`), said as `what`.
   */
  stall(got: Received, what: string, fromMs: number, toMs = Infinity): void {
    const gaps = got.gaps.filter((g) => g.fromMs >= fromMs && g.fromMs < toMs);
    const longest = gaps.reduce<Gap | undefined>((a, g) => (a && a.ms >= g.ms ? a : g), undefined);
    this.live.line(
      longest
        ? `   ${what}: the application read nothing for ${longest.ms.toFixed(0)} ms (from ${seconds(longest.fromMs)})`
        : `   ${what}: none (no gap between reads of ${GAP_MS} ms or more)`,
    );
  }

  /** Path 1 returns. Resolves with the act's time then (0 without a transfer). */
  async restorePath1(t?: Transfer): Promise<number> {
    const at = t?.ms ?? 0;
    await this.hosts.client.ip('link', 'set', 'cleth1', 'up');
    // The link's routes went with it: the connected one comes back by itself, the default ones do not.
    await this.hosts.restoreRoutes(1);
    t?.mark('path 1 back (cleth1 up)', 'path 1 back', at);
    return at;
  }

  /** The digests of an act's stream, said; false if they differ. */
  checkIntegrity(sent: Sent, got: Received): boolean {
    const equal = sent.sha256 === got.sha256 && sent.bytes === got.bytes;
    if (!equal) this.intact = false;
    this.live.line(
      equal
        ? `   SHA-256 equal at both ends (${megabytes(got.bytes)}, ${got.sha256.slice(0, 12)}…): no byte lost`
        : `   SHA-256 DIFFERENT: sent ${megabytes(sent.bytes)} ${sent.sha256.slice(0, 12)}…, received ${megabytes(got.bytes)} ${got.sha256.slice(0, 12)}…`,
    );
    return equal;
  }
}

async function splitting(story: Story): Promise<void> {
  const [r1, r2] = story.rates;
  story.act(1, 'Splitting: one connection, both paths busy', `a download over path 1 (${r1} Mbit/s) and path 2 (${r2} Mbit/s) at once`);
  const t = await story.transfer(() => 'both paths up');
  await t.ready(() => t.paths.every((p) => p.bytes > 0), 'both paths carrying data');
  // The rate together from here, once both paths carry data (the joining is no part of it),
  // to the last sample (the stream goes on a little while it is stopped).
  const from = { ms: t.sampledMs, bytes: t.app.bytes };
  await t.hold(6);
  const [p1, p2] = t.paths.map((p) => p.bytes) as [number, number];
  const rate = ((t.app.bytes - from.bytes) * 8) / ((t.sampledMs - from.ms) / 1000) / 1e6;
  const { sent, got } = await t.finish(story.server);
  story.live.line(
    `   path 1 carried ${megabytes(p1)}, path 2 ${megabytes(p2)}: ${rate.toFixed(1)} Mbit/s together, ` +
      `${rate > Math.max(r1, r2) ? 'more than' : 'not more than'} the faster path alone (${Math.max(r1, r2)} Mbit/s)`,
  );
  story.checkIntegrity(sent, got);
}

async function switching(story: Story): Promise<void> {
  story.act(2, 'Switching: path 1 is cut mid-transfer, then comes back', 'the connection goes on over path 2; when path 1 returns, it is used again');
  let state = 'both paths up';
  const t = await story.transfer(() => state, FAILOVER);
  await t.ready(() => t.paths.every((p) => p.bytes > 0), 'both paths carrying data');
  await t.hold(3);
  const cut = await story.cutPath1(t);
  state = 'path 1 cut';
  await t.hold(3);
  const beforeReturn = t.paths[0]!.bytes;
  const returned = await story.restorePath1(t);
  state = 'path 1 back, waiting for traffic on it';
  // The sender finds out when its next retransmission on path 1 gets through (TCP's RTO backoff).
  const carrying = await t.until(() => t.paths[0]!.bytes > beforeReturn + 64 * 1024, 15_000);
  if (carrying !== null) t.mark('path 1 carries traffic again', 'path 1 used again');
  state = carrying !== null ? 'both paths up' : 'path 1 back, no traffic on it';
  await t.hold(2);
  const { sent, got } = await t.finish(story.server);
  story.stall(got, 'the stall at the cut', cut, returned);
  story.stall(got, 'and at the return', returned);
  story.live.line(
    carrying !== null
      ? `   path 1 carries traffic again, ${seconds(carrying - returned)} after its link returned`
      : '   path 1 did not carry traffic again within 15 s of its return',
  );
  story.checkIntegrity(sent, got);
}

async function steering(story: Story): Promise<void> {
  const backup = PATHS[1].client4;
  story.act(
    3,
    'Steering: path 2 a backup, idle until path 1 goes',
    `pm.setEndpointFlags('${backup}', { backup: true }) in the client: its subflow on path 2`,
    'joins as a backup (MP_JOIN with the B bit), and the server sends nothing on it while path 1 works',
  );
  await story.client.call('setEndpointBackup', backup, true);
  let state = 'path 1 up, path 2 backup';
  const t = await story.transfer(() => state, FAILOVER);
  await t.ready(() => t.paths[0]!.bytes > 0 && t.paths[1]!.subflows > 0, 'path 1 carrying data, the backup subflow joined');
  await t.hold(4);
  // Samples just before and just after the cut: the backup's share while
  // path 1 worked ends at the first; path 1's last bytes are in by the second.
  const before = await t.sampleNow();
  const cut = await story.cutPath1(t);
  const after = await t.sampleNow();
  state = 'path 1 cut';
  const taking = await t.until(() => t.paths[1]!.bytes > before[1] + 64 * 1024, 15_000);
  if (taking !== null) t.mark('the backup carries the traffic', 'backup takes over');
  state = taking !== null ? 'path 1 cut, path 2 carrying it all' : 'path 1 cut, path 2 idle';
  await t.hold(3);
  const end = t.paths.map((p) => p.bytes) as [number, number];
  const { sent, got } = await t.finish(story.server);
  await story.restorePath1();
  const share = (part: number, whole: number) => (whole > 0 ? `${((part / whole) * 100).toFixed(0)} %` : '–');
  const upBoth = before[0] + before[1];
  story.live.line(`   while path 1 worked, the backup carried ${megabytes(before[1])} of ${megabytes(upBoth)} (${share(before[1], upBoth)})`);
  const carried = end[1] - before[1];
  const whole = carried + end[0] - after[0];
  story.live.line(
    `   after the cut, it carried ${megabytes(carried)} of ${megabytes(whole)} (${share(carried, whole)})` +
      (taking !== null ? `, from ${seconds(taking)} on` : ''),
  );
  story.stall(got, 'the stall at the cut', cut);
  story.checkIntegrity(sent, got);
}

/** Builds the world, tells the story, takes the world down again. */
export async function tell(options: StoryOptions): Promise<StoryResult> {
  const { live, rates } = options;
  const hosts = await TwoHosts.create({ paths: 2, server: { prefix: 'mptcp-demo-srv' }, client: { prefix: 'mptcp-demo-cli' } });
  try {
    for (const [i, rate] of rates.entries()) {
      // A short queue (latency 50 ms) keeps the RTT, and with it TCP's timers, short.
      await hosts.server.shape(`sreth${i + 1}`, { rateMbit: rate, latency: '50ms' });
      await hosts.client.shape(`cleth${i + 1}`, { rateMbit: rate, latency: '50ms' });
    }
    await hosts.server.mptcpLimits({ subflows: 2 });
    await hosts.client.mptcpLimits({ subflows: 2 });
    await hosts.client.mptcpEndpoint(PATHS[1].client4, { dev: 'cleth2', flags: ['subflow'] });
    const [server, client] = await Promise.all([hosts.server.spawn<Stream>(streamModule), hosts.client.spawn<Stream>(streamModule)]);
    const port = await server.call('serve', MAX_TRANSFER_S);
    live.line(live.bold('Multipath TCP, live: a client and a server joined by two paths'));
    live.line(`   path 1  ${PATHS[0].client4} ⇄ ${PATHS[0].server4}       ${rates[0]} Mbit/s  the primary (think Wi-Fi)`);
    live.line(`   path 2  ${PATHS[1].client4} ⇄ ${PATHS[1].server4}  ${rates[1]} Mbit/s  the second (think cellular)`);
    live.line(`   the client connects to ${SERVER}; its endpoint ${PATHS[1].client4} ("subflow") adds path 2`);
    live.line(live.dim(`   ${options.how}: network namespaces ${hosts.client.name} and ${hosts.server.name}`));
    const story = new Story(options, hosts, server, client, port);
    await splitting(story);
    await switching(story);
    await steering(story);
    // Counters every kernel since 5.17 has (nstat -az | grep MPTcpExt shows them all).
    const sc = await hosts.server.counters();
    const counters = ['MPJoinAckRx', 'SubflowStale', 'SubflowRecover'].map((n) => `${n} ${sc[`MPTcpExt${n}`] ?? '–'}`);
    live.line();
    live.line(`Kernel counters of the server (MPTcpExt): ${counters.join(', ')}`);
    return { points: story.points, marks: story.marks, intact: story.intact };
  } finally {
    await hosts.destroy();
  }
}
