// Private networks for tests, demos and benchmarks: network namespaces,
// veth links, TEST-NET addresses, MPTCP limits and endpoints, tc shaping,
// Node processes inside a namespace, and the namespace's kernel counters.
// Nothing here touches the host's own namespace: every command is
// `ip -n NS …` or `ip netns exec NS …`, and every namespace is deleted
// again, also when a test fails or the process is interrupted.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { Agent, type AgentModules, type SpawnOptions, type UntypedModule } from './agent-client';

const run = promisify(execFile);

export interface ExecResult {
  stdout: string;
  stderr: string;
}

/** Runs a command; rejects with its stderr in the message. */
export async function sh(cmd: string, args: readonly string[], timeoutMs = 30_000): Promise<ExecResult> {
  try {
    const { stdout, stderr } = await run(cmd, args as string[], { timeout: timeoutMs, maxBuffer: 16 << 20 });
    return { stdout, stderr };
  } catch (err) {
    const e = err as Error & { stderr?: string };
    e.message = `${cmd} ${args.join(' ')}: ${(e.stderr ?? '').trim() || e.message}`;
    throw e;
  }
}

const live = new Set<string>();
let exitHookInstalled = false;

function deleteNow(name: string): void {
  spawnSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
  fs.rmSync(`/etc/netns/${name}`, { recursive: true, force: true });
  live.delete(name);
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const name of [...live]) deleteNow(name);
  });
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      for (const name of [...live]) deleteNow(name);
      process.kill(process.pid, sig);
    });
  }
}

export interface Availability {
  ok: boolean;
  /** What is missing, when not ok. */
  reason?: string;
}

let availability: Availability | undefined;

/** Whether this process can make network namespaces (root and iproute2), probed once. */
export function netnsAvailability(): Availability {
  if (availability) return availability;
  if (process.platform !== 'linux') return (availability = { ok: false, reason: 'network namespaces need Linux' });
  if (process.getuid?.() !== 0) return (availability = { ok: false, reason: 'network namespaces need root (CAP_SYS_ADMIN)' });
  const ip = spawnSync('ip', ['-V'], { encoding: 'utf8' });
  if (ip.status !== 0) return (availability = { ok: false, reason: 'iproute2 (`ip`) is not installed; run `npm install` as root' });
  const name = `mptcp-probe-${process.pid}`;
  const add = spawnSync('ip', ['netns', 'add', name], { encoding: 'utf8' });
  if (add.status !== 0) {
    return (availability = { ok: false, reason: `ip netns add failed: ${add.stderr.trim()}` });
  }
  const mptcp = spawnSync('ip', ['netns', 'exec', name, 'sysctl', '-n', 'net.mptcp.enabled'], { encoding: 'utf8' });
  spawnSync('ip', ['netns', 'del', name]);
  if (mptcp.status !== 0) return (availability = { ok: false, reason: 'the kernel has no net.mptcp sysctls (no MPTCP)' });
  return (availability = { ok: true });
}

export interface NamespaceOptions {
  /** Name prefix; a random suffix keeps parallel runs apart. */
  prefix?: string;
  /** net.mptcp.enabled in the namespace (default 1). */
  mptcpEnabled?: boolean;
}

export interface EndpointOptions {
  id?: number;
  port?: number;
  dev?: string;
  flags?: readonly ('signal' | 'subflow' | 'backup' | 'fullmesh')[];
}

export interface ShapeOptions {
  /** Rate in Mbit/s. */
  rateMbit: number;
  burst?: string;
  latency?: string;
}

/** One network namespace. */
export class Netns {
  readonly name: string;
  private readonly agents = new Set<Agent<object>>();
  /** Devices set up for blackhole(): their ifb. */
  private readonly blackholes = new Map<string, string>();
  private deleted = false;

  private constructor(name: string) {
    this.name = name;
  }

  /** Creates a namespace with loopback up, rp_filter off and MPTCP enabled (or not). */
  static async create(options: NamespaceOptions = {}): Promise<Netns> {
    installExitHook();
    // The pid in the name lets deleteStale() tell a crashed run's namespaces from live ones.
    const name = `${options.prefix ?? 'mptcp'}-${process.pid}-${crypto.randomBytes(3).toString('hex')}`;
    await sh('ip', ['netns', 'add', name]);
    live.add(name);
    const ns = new Netns(name);
    try {
      await ns.ip('link', 'set', 'lo', 'up');
      await ns.sysctl({
        'net.mptcp.enabled': options.mptcpEnabled === false ? '0' : '1',
        'net.ipv4.conf.all.rp_filter': '0',
        'net.ipv4.conf.default.rp_filter': '0',
      });
    } catch (err) {
      await ns.destroy();
      throw err;
    }
    return ns;
  }

  /** `ip -n NAME …`. */
  async ip(...args: string[]): Promise<string> {
    return (await sh('ip', ['-n', this.name, ...args])).stdout;
  }

  /** `ip netns exec NAME cmd …`. */
  async exec(cmd: string, ...args: string[]): Promise<ExecResult> {
    return sh('ip', ['netns', 'exec', this.name, cmd, ...args]);
  }

  /** Sets sysctls inside the namespace (net.* sysctls are per namespace). */
  async sysctl(values: Record<string, string | number>): Promise<void> {
    const args = Object.entries(values).map(([k, v]) => `${k}=${v}`);
    await this.exec('sysctl', '-qw', ...args);
  }

  async readSysctl(key: string): Promise<string> {
    return (await this.exec('sysctl', '-n', key)).stdout.trim();
  }

  /** `ip mptcp limits set subflows N add_addr_accepted M`. */
  async mptcpLimits(limits: { subflows?: number; addAddrAccepted?: number }): Promise<void> {
    const args = ['mptcp', 'limits', 'set'];
    if (limits.subflows !== undefined) args.push('subflows', String(limits.subflows));
    if (limits.addAddrAccepted !== undefined) args.push('add_addr_accepted', String(limits.addAddrAccepted));
    await this.ip(...args);
  }

  /** `ip mptcp endpoint add ADDRESS [id N] [port P] [dev D] FLAGS…`. */
  async mptcpEndpoint(address: string, options: EndpointOptions = {}): Promise<void> {
    const args = ['mptcp', 'endpoint', 'add', address];
    if (options.id !== undefined) args.push('id', String(options.id));
    if (options.port !== undefined) args.push('port', String(options.port));
    if (options.dev !== undefined) args.push('dev', options.dev);
    args.push(...(options.flags ?? []));
    await this.ip(...args);
  }

  /** Token-bucket shaping on a device (netem is not always built; tbf is). */
  async shape(dev: string, shape: ShapeOptions): Promise<void> {
    await this.ip('link', 'show', dev);
    await sh('tc', [
      '-n',
      this.name,
      'qdisc',
      'replace',
      'dev',
      dev,
      'root',
      'tbf',
      'rate',
      `${shape.rateMbit}mbit`,
      'burst',
      shape.burst ?? '32k',
      'latency',
      shape.latency ?? '300ms',
    ]);
  }

  /**
   * Drops every packet arriving on `dev` (on = true), as a path that
   * blackholed somewhere further along would, until called with false. The
   * sender's stack sees nothing: no error, no local drop. Without netem or a
   * drop action: a clsact ingress filter redirects to an ifb device whose tbf
   * passes no packet (burst 1 byte). The first call for a device sets that
   * up; later ones only add or remove the filter (one `tc` each), so a
   * `blackhole(dev, false)` ahead of time makes the moment of the fault exact.
   */
  async blackhole(dev: string, on = true): Promise<void> {
    const tc = (...args: string[]) => sh('tc', ['-n', this.name, ...args]);
    if (!this.blackholes.has(dev)) {
      const ifb = `bh-${dev}`.slice(0, 15);
      await this.ip('link', 'add', ifb, 'type', 'ifb');
      await this.ip('link', 'set', ifb, 'up');
      await tc('qdisc', 'replace', 'dev', ifb, 'root', 'tbf', 'rate', '8bit', 'burst', '1', 'limit', '1');
      await tc('qdisc', 'replace', 'dev', dev, 'clsact');
      this.blackholes.set(dev, ifb);
    }
    if (on) await tc('filter', 'add', 'dev', dev, 'ingress', 'protocol', 'all', 'u32', 'match', 'u32', '0', '0', 'action', 'mirred', 'egress', 'redirect', 'dev', this.blackholes.get(dev)!);
    else await tc('filter', 'del', 'dev', dev, 'ingress');
  }

  /** The MPTcpExt (and TcpExt) counters of this namespace, from /proc/net/netstat. */
  async counters(): Promise<Record<string, number>> {
    const { stdout } = await this.exec('cat', '/proc/net/netstat');
    return parseNetstat(stdout);
  }

  /**
   * Files that processes started later in this namespace see in /etc
   * (`ip netns exec` bind-mounts /etc/netns/NAME/* over /etc/*), e.g.
   * `{ hosts: '192.0.2.1 srv.test\n' }`. Removed with the namespace.
   */
  async etc(files: Record<string, string>): Promise<void> {
    const dir = `/etc/netns/${this.name}`;
    await fs.promises.mkdir(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) {
      if (name.includes('/')) throw new RangeError(`not a plain file name: ${name}`);
      await fs.promises.writeFile(`${dir}/${name}`, text);
    }
  }

  /**
   * A Node process inside this namespace that runs the functions `modules`
   * export (see Agent): `ns.spawn<typeof import('./sink.mjs')>(new URL('./sink.mjs', import.meta.url))`.
   * It ends with the namespace.
   */
  async spawn<M extends object = UntypedModule>(modules: AgentModules, options: Omit<SpawnOptions, 'outer'> = {}): Promise<Agent<M>> {
    const agent = await Agent.spawn<M>(modules, { ...options, outer: ['ip', 'netns', 'exec', this.name] });
    this.agents.add(agent);
    agent.onExit(() => this.agents.delete(agent));
    return agent;
  }

  /** Stops this namespace's agents and deletes it. Idempotent. */
  async destroy(): Promise<void> {
    if (this.deleted) return;
    this.deleted = true;
    await Promise.all([...this.agents].map((a) => a.close()));
    try {
      await sh('ip', ['netns', 'del', this.name]);
    } catch {
      deleteNow(this.name);
    }
    live.delete(this.name);
    await fs.promises.rm(`/etc/netns/${this.name}`, { recursive: true, force: true });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.destroy();
  }
}

/** Parses /proc/net/netstat's header/value line pairs into "MPTcpExtMPJoinSynRx"-style keys (nstat's names). */
export function parseNetstat(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  const lines = text.trim().split('\n');
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const names = lines[i]!.trim().split(/\s+/);
    const values = lines[i + 1]!.trim().split(/\s+/);
    const prefix = names[0]!.replace(/:$/, '');
    for (let j = 1; j < names.length; j++) out[`${prefix}${names[j]}`] = Number(values[j]);
  }
  return out;
}

export interface LinkOptions {
  /** Addresses (with prefix length) for each end. */
  addresses?: [readonly string[], readonly string[]];
}

/** A veth pair between two namespaces, both ends up; IPv6 addresses without DAD. */
export async function veth(a: Netns, aIf: string, b: Netns, bIf: string, options: LinkOptions = {}): Promise<void> {
  await sh('ip', ['link', 'add', aIf, 'netns', a.name, 'type', 'veth', 'peer', 'name', bIf, 'netns', b.name]);
  for (const [ns, dev, addrs] of [
    [a, aIf, options.addresses?.[0] ?? []],
    [b, bIf, options.addresses?.[1] ?? []],
  ] as const) {
    for (const addr of addrs) {
      const extra = addr.includes(':') ? ['nodad'] : [];
      await ns.ip('addr', 'add', addr, 'dev', dev, ...extra);
    }
    await ns.ip('link', 'set', dev, 'up');
  }
}

export interface PathAddresses {
  /** The /24, e.g. '198.51.100'. */
  net4: string;
  server4: string;
  client4: string;
  server6: string;
  client6: string;
}

/** The addresses of path `i` (1-based) in the TEST-NET ranges: server ".1", client ".2". */
export function pathAddresses(i: number): PathAddresses {
  const nets = ['192.0.2', '198.51.100', '203.0.113'];
  const net4 = nets[i - 1];
  if (!net4) throw new RangeError(`path ${i}: only 3 TEST-NET ranges`);
  return {
    net4,
    server4: `${net4}.1`,
    client4: `${net4}.2`,
    server6: `2001:db8:${i}::1`,
    client6: `2001:db8:${i}::2`,
  };
}

export interface TwoHostOptions {
  /** Number of veth paths between client and server (1–3). */
  paths?: number;
  server?: NamespaceOptions;
  client?: NamespaceOptions;
}

/**
 * The client's default routes over path `i`: in main (metric 100+I), so a
 * subflow bound to clethI reaches any server address, and in table 100+I
 * for source routing, as a multihomed host needs it: a subflow from path I's
 * address leaves on path I even when not bound to clethI (Linux 6.1's
 * userspace PM ignores the ifindex of SUBFLOW_CREATE). When table 100+I's
 * route is gone (link down), the lookup falls through to main.
 */
async function clientRoutes(client: Netns, i: number, families: readonly ('-4' | '-6')[] = ['-4', '-6']): Promise<void> {
  const a = pathAddresses(i);
  for (const family of families) {
    const via = family === '-4' ? a.server4 : a.server6;
    await client.ip(family, 'route', 'replace', 'default', 'via', via, 'dev', `cleth${i}`, 'metric', String(100 + i));
    await client.ip(family, 'route', 'replace', 'default', 'via', via, 'dev', `cleth${i}`, 'table', String(100 + i));
  }
}

/**
 * Two hosts joined by `paths` veth links: server `srvethI` with 192.0.2.1,
 * 198.51.100.1, 203.0.113.1 (and 2001:db8:I::1), client `clethI` with .2.
 * The client has a default route per path (metric 100+I), so a subflow bound
 * to clethI reaches any server address over path I, as in mptcp_join.sh, and
 * a rule per path address (table 100+I), so one from that address does too.
 */
export class TwoHosts {
  constructor(
    readonly server: Netns,
    readonly client: Netns,
    readonly paths: number,
  ) {}

  static async create(options: TwoHostOptions = {}): Promise<TwoHosts> {
    const paths = options.paths ?? 1;
    const server = await Netns.create({ prefix: 'mptcp-srv', ...options.server });
    let client: Netns | undefined;
    try {
      client = await Netns.create({ prefix: 'mptcp-cli', ...options.client });
      for (let i = 1; i <= paths; i++) {
        const a = pathAddresses(i);
        await veth(server, `sreth${i}`, client, `cleth${i}`, {
          addresses: [
            [`${a.server4}/24`, `${a.server6}/64`],
            [`${a.client4}/24`, `${a.client6}/64`],
          ],
        });
        await clientRoutes(client, i);
        const table = String(100 + i);
        await client.ip('rule', 'add', 'from', a.client4, 'table', table, 'priority', table);
        await client.ip('-6', 'rule', 'add', 'from', a.client6, 'table', table, 'priority', table);
      }
      return new TwoHosts(server, client, paths);
    } catch (err) {
      await client?.destroy();
      await server.destroy();
      throw err;
    }
  }

  /**
   * Puts back the client's IPv4 default routes of path `i` (main table,
   * metric 100+I, and table 100+I), as create() made them. The kernel drops
   * them with the path's address or its link: call this when a test brings
   * either back, as a host's network manager would. (IPv6 addresses go with
   * the link, keep_addr_on_down being 0, so there is no IPv6 route to put back.)
   */
  async restoreRoutes(i: number): Promise<void> {
    await clientRoutes(this.client, i, ['-4']);
  }

  /**
   * Path `i` drops everything, both ways (on = true), or carries traffic
   * again (false): each end drops what arrives on it (see Netns.blackhole).
   */
  async blackhole(i: number, on = true): Promise<void> {
    await Promise.all([this.server.blackhole(`sreth${i}`, on), this.client.blackhole(`cleth${i}`, on)]);
  }

  async destroy(): Promise<void> {
    await Promise.all([this.client.destroy(), this.server.destroy()]);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.destroy();
  }
}

/** True if `cmd` is on PATH. */
export function hasCommand(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** Deletes namespaces left by crashed runs of this harness: `prefix…-PID-…` whose PID is gone. */
export function deleteStale(prefix = 'mptcp'): string[] {
  let names: string[] = [];
  try {
    names = fs.readdirSync('/run/netns').filter((n) => n.startsWith(prefix));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const n of names) {
    const pid = Number(/-(\d+)-[0-9a-f]+$/.exec(n)?.[1]);
    if (!pid || isAlive(pid)) continue;
    try {
      execFileSync('ip', ['netns', 'del', n], { stdio: 'ignore' });
      removed.push(n);
    } catch {
      // already gone
    }
    fs.rmSync(`/etc/netns/${n}`, { recursive: true, force: true });
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
