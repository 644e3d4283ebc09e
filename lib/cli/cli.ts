#!/usr/bin/env node
// `mptcp` (npx mptcp …): doctor, limits, endpoints, monitor and connections,
// for the network namespace it runs in. Output follows `ip mptcp`;
// `--json` everywhere. Exit codes: 0 done, 1 the kernel said no (or, for
// doctor, MPTCP is not usable here), 2 bad usage.
import fs from 'node:fs';
import net from 'node:net';
import { decodeAttrs } from '../netlink/attributes';
import { DiagSocketClient, STATES } from '../netlink/diag';
import { parseGenl, resolveFamily } from '../netlink/genl';
import { RouteSocket } from '../netlink/rtnetlink';
import { NETLINK_GENERIC, NetlinkSocket } from '../netlink/socket';
import { nativeState } from '../native/binding';
import { PathManager, PathManagerError, type Endpoint } from '../pm/commands';
import { decodeEvent, events } from '../pm/events';
import { ADDR_FLAGS, EVENT_ATTRS, EVENTS, monitorName, MPTCP_PM_EV_GRP_NAME, MPTCP_PM_NAME, type EndpointFlag, type EventType } from '../pm/spec';
import { pathManagerMode } from '../pm/steer';
import { kernelVersion } from '../kernel/version';
import mptcp from '../index';
import { decodeAddress } from '../pm/address';
import { UNAVAILABLE_TEXT, type UnavailableReason } from '../errors';
import { hasNetAdmin, MULTIPATH_CONGESTION_CONTROL, REPLACED_CONGESTION_CONTROL, systemCongestionControl } from '../net/defaults';

class UsageError extends Error {}

const USAGE = `Usage: mptcp COMMAND [ARGS] [--json]

  doctor                       what will and will not be multipath here, and why
  limits [show]                the in-kernel path manager's limits
  limits set [subflows N] [add_addr_accepted N]
  endpoints [show [id ID]]     (also: endpoint)
  endpoints add ADDRESS [id ID] [port PORT] [dev NAME] [signal|subflow|backup|fullmesh|laminar]...
  endpoints del ID|ADDRESS     (also: delete)
  endpoints flush
  endpoints flags ID|ADDRESS [backup|nobackup] [fullmesh|nofullmesh]   (also: change)
  monitor [--token TOKEN]      path-manager events, one line each, until interrupted
  connections [port PORT] [pid PID]   MPTCP connections and their subflows (also: ss)
  info PID|PORT                the connections of a process (if PID is one) or of a port

The commands act on the network namespace they run in (ip netns exec NS mptcp …).
Changing limits or endpoints, and monitor, need CAP_NET_ADMIN there.`;

interface Options {
  json: boolean;
  args: string[];
  token?: number;
}

function parseOptions(argv: string[]): Options {
  const args: string[] = [];
  const opts: Options = { json: false, args };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json' || a === '-j') opts.json = true;
    else if (a === '--token') {
      const v = argv[++i];
      const n = v !== undefined ? parseInt(v, v.startsWith('0x') ? 16 : /^[0-9a-f]{8}$/i.test(v) ? 16 : 10) : NaN;
      if (!Number.isInteger(n)) throw new UsageError('--token needs a token (hex as printed by monitor, or decimal)');
      opts.token = n;
    } else if (a === '--help' || a === '-h') args.unshift('help');
    else args.push(a);
  }
  return opts;
}

const out = (s: string) => process.stdout.write(s);
const json = (v: unknown): void =>
  void out(`${JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? (x <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(x) : x.toString()) : x))}\n`);

function intArg(v: string | undefined, name: string, max: number): number {
  if (v === undefined || !/^\d+$/.test(v) || Number(v) > max) throw new UsageError(`${name} needs a number from 0 to ${max}`);
  return Number(v);
}

// ---- endpoints and limits, in ip mptcp's words ----

async function ifnames(): Promise<Map<number, string>> {
  const route = RouteSocket.open();
  try {
    return new Map((await route.links()).map((l) => [l.index, l.name]));
  } finally {
    route.close();
  }
}

/** One endpoint as `ip mptcp endpoint show` prints it. */
export function formatEndpoint(e: Endpoint, names: Map<number, string>): string {
  let line = `${e.address} `;
  if (e.port) line += `port ${e.port} `;
  line += `id ${e.id} `;
  for (const f of e.flags) line += `${f} `;
  if (e.rawFlags) line += `rawflags ${e.rawFlags.toString(16).padStart(2, '0')} `;
  const dev = e.ifindex !== undefined ? names.get(e.ifindex) : undefined;
  if (dev) line += `dev ${dev} `;
  return line;
}

function endpointJson(e: Endpoint, names: Map<number, string>): Record<string, unknown> {
  const o: Record<string, unknown> = { address: e.address };
  if (e.port) o.port = e.port;
  o.id = e.id;
  for (const f of e.flags) o[f] = true;
  if (e.rawFlags) o.rawflags = e.rawFlags.toString(16).padStart(2, '0');
  const dev = e.ifindex !== undefined ? names.get(e.ifindex) : undefined;
  if (dev) o.dev = dev;
  return o;
}

async function limits(pm: PathManager, o: Options): Promise<void> {
  const [sub, ...rest] = o.args;
  if (sub === 'set') {
    const l: { subflows?: number; addAddrAccepted?: number } = {};
    for (let i = 0; i < rest.length; i += 2) {
      if (rest[i] === 'subflows') l.subflows = intArg(rest[i + 1], 'subflows', 2 ** 32 - 1);
      else if (rest[i] === 'add_addr_accepted') l.addAddrAccepted = intArg(rest[i + 1], 'add_addr_accepted', 2 ** 32 - 1);
      else throw new UsageError(`unknown limit ${rest[i]}`);
    }
    if (l.subflows === undefined && l.addAddrAccepted === undefined) throw new UsageError('limits set needs subflows or add_addr_accepted');
    await pm.setLimits(l);
    return;
  }
  if (sub !== undefined && sub !== 'show') throw new UsageError(`unknown limits command ${sub}`);
  const now = await pm.getLimits();
  if (o.json) json({ add_addr_accepted: now.addAddrAccepted, subflows: now.subflows });
  else out(`add_addr_accepted ${now.addAddrAccepted} subflows ${now.subflows} \n`);
}

function target(v: string | undefined): number | string {
  if (v === undefined) throw new UsageError('an endpoint id or address is needed');
  if (/^\d+$/.test(v)) return intArg(v, 'id', 255);
  if (!net.isIP(v)) throw new UsageError(`${v} is neither an id nor an IP address`);
  return v;
}

async function endpointsCmd(pm: PathManager, o: Options): Promise<void> {
  const [sub = 'show', ...rest] = o.args;
  switch (sub) {
    case 'show':
    case 'list': {
      const names = await ifnames();
      let list: Endpoint[];
      if (rest[0] === 'id') list = [await pm.endpoint(intArg(rest[1], 'id', 255))];
      else if (rest.length) throw new UsageError(`unknown argument ${rest[0]}`);
      else list = await pm.endpoints(o.token !== undefined ? { token: o.token } : {});
      if (o.json) json(list.map((e) => endpointJson(e, names)));
      else for (const e of list) out(`${formatEndpoint(e, names)}\n`);
      return;
    }
    case 'add': {
      const [address, ...words] = rest;
      if (!address || !net.isIP(address)) throw new UsageError('endpoints add needs an IP address');
      const input: { address: string; id?: number; port?: number; dev?: string; flags: EndpointFlag[] } = { address, flags: [] };
      for (let i = 0; i < words.length; i++) {
        const w = words[i]!;
        if (w === 'id') input.id = intArg(words[++i], 'id', 255);
        else if (w === 'port') input.port = intArg(words[++i], 'port', 65535);
        else if (w === 'dev') {
          const d = words[++i];
          if (!d) throw new UsageError('dev needs an interface name');
          input.dev = d;
        } else if (ADDR_FLAGS.some(([n]) => n === w)) input.flags.push(w as EndpointFlag);
        else throw new UsageError(`unknown argument ${w}`);
      }
      const ep = await pm.addEndpoint(input);
      if (o.json) json(endpointJson(ep, await ifnames()));
      return;
    }
    case 'del':
    case 'delete':
      await pm.deleteEndpoint(target(rest[rest[0] === 'id' ? 1 : 0]));
      return;
    case 'flush':
      await pm.flushEndpoints();
      return;
    case 'flags':
    case 'change': {
      const t = target(rest[rest[0] === 'id' ? 1 : 0]);
      const words = rest.slice(rest[0] === 'id' ? 2 : 1);
      const flags: { backup?: boolean; fullmesh?: boolean } = {};
      for (const w of words) {
        if (w === 'backup' || w === 'nobackup') flags.backup = w === 'backup';
        else if (w === 'fullmesh' || w === 'nofullmesh') flags.fullmesh = w === 'fullmesh';
        else throw new UsageError(`only backup, nobackup, fullmesh, nofullmesh can change, not ${w}`);
      }
      if (!words.length) throw new UsageError('endpoints flags needs backup|nobackup|fullmesh|nofullmesh');
      await pm.setEndpointFlags(t, flags);
      return;
    }
    default:
      throw new UsageError(`unknown endpoints command ${sub}`);
  }
}

// ---- monitor ----

/** One event as `ip mptcp monitor` prints it. */
export function formatEvent(cmd: number, a: Record<string, unknown>): string {
  const type = (EVENTS as Record<number, EventType | undefined>)[cmd];
  if (!type) return `[UNKNOWN ${cmd}]`;
  let line = `[${monitorName(type).padStart(16)}]`;
  if (typeof a.token === 'number') line += ` token=${a.token.toString(16).padStart(8, '0')}`;
  if (typeof a.remId === 'number') line += ` remid=${a.remId}`;
  if (typeof a.locId === 'number') line += ` locid=${a.locId}`;
  const v4 = (b: unknown) => decodeAddress(b, undefined);
  const v6 = (b: unknown) => decodeAddress(undefined, b);
  if (a.saddr4) line += ` saddr4=${v4(a.saddr4)}`;
  if (a.daddr4) line += ` daddr4=${v4(a.daddr4)}`;
  if (a.saddr6) line += ` saddr6=${v6(a.saddr6)}`;
  if (a.daddr6) line += ` daddr6=${v6(a.daddr6)}`;
  if (typeof a.sport === 'number') line += ` sport=${a.sport}`;
  if (typeof a.dport === 'number') line += ` dport=${a.dport}`;
  if (typeof a.backup === 'number') line += ` backup=${a.backup}`;
  if (typeof a.error === 'number') line += ` error=${a.error}`;
  if (typeof a.flags === 'number') line += ` flags=${a.flags.toString(16)}`;
  if (typeof a.timeout === 'number') line += ` timeout=${a.timeout}`;
  if (typeof a.ifindex === 'number') line += ` ifindex=${a.ifindex}`;
  if (typeof a.resetReason === 'number') line += ` reset_reason=${a.resetReason}`;
  if (typeof a.resetFlags === 'number') line += ` reset_flags=0x${a.resetFlags.toString(16)}`;
  return line;
}

async function monitor(o: Options): Promise<void> {
  if (o.args.length) throw new UsageError(`unknown argument ${o.args[0]}`);
  const sock = NetlinkSocket.open(NETLINK_GENERIC);
  let family;
  try {
    family = await resolveFamily(sock, MPTCP_PM_NAME);
  } catch (err) {
    throw new PathManagerError(err as PathManagerError, 'GETFAMILY');
  }
  const group = family.groups.get(MPTCP_PM_EV_GRP_NAME);
  if (group === undefined) throw new Error('this kernel has no mptcp_pm events (5.12 or later is needed)');
  try {
    sock.join(group);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EPERM') e.message = 'monitor needs CAP_NET_ADMIN in this network namespace (run as root, or in unshare -Urn)';
    throw e;
  }
  sock.on('lost', () => out(o.json ? '{"type":"lost"}\n' : '[LOST] the kernel dropped events (ENOBUFS)\n'));
  sock.on('malformed', (e) => process.stderr.write(`mptcp: dropped a malformed message: ${e.message}\n`));
  sock.on('error', (e) => process.stderr.write(`mptcp: ${e.message}\n`));
  sock.on('message', (m) => {
    if (m.type !== family.id) return;
    try {
      const ev = decodeEvent(m);
      if (o.token !== undefined && (!ev || !('token' in ev) || ev.token !== o.token)) return;
      if (o.json) json(ev ?? { type: 'unknown', cmd: parseGenl(m, EVENT_ATTRS).cmd });
      else {
        const { cmd } = parseGenl(m, EVENT_ATTRS);
        out(`${formatEvent(cmd, decodeAttrs(EVENT_ATTRS, m.payload.subarray(4)))}\n`);
      }
    } catch (err) {
      process.stderr.write(`mptcp: a malformed event: ${(err as Error).message}\n`);
    }
  });
  await new Promise<void>((resolve) => {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => resolve());
    process.stdout.on('error', () => resolve()); // a closed pipe
  });
  sock.close();
}

// ---- connections (ss -M with subflows) ----

function inodesOf(pid: number): Set<number> {
  const set = new Set<number>();
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) set.add(Number(m[1]));
    } catch {
      // closed meanwhile
    }
  }
  return set;
}

const ep = (a: string, p: number) => (a.includes(':') ? `[${a}]:${p}` : `${a}:${p}`);

async function connections(o: Options): Promise<void> {
  let port: number | undefined;
  let pid: number | undefined;
  for (let i = 0; i < o.args.length; i++) {
    if (o.args[i] === 'port') port = intArg(o.args[++i], 'port', 65535);
    else if (o.args[i] === 'pid') pid = intArg(o.args[++i], 'pid', 2 ** 31);
    else throw new UsageError(`unknown argument ${o.args[i]}`);
  }
  const diag = DiagSocketClient.open();
  try {
    let conns = await diag.connections();
    const subs = await diag.subflows().catch(() => []);
    if (port !== undefined) conns = conns.filter((c) => c.localPort === port || c.remotePort === port);
    if (pid !== undefined) {
      const inodes = inodesOf(pid);
      conns = conns.filter((c) => inodes.has(c.inode));
    }
    const rows = conns.map((c) => ({
      ...c,
      state: STATES[c.state] ?? String(c.state),
      // the initial subflow (MP_CAPABLE) first, then the joins by local id
      subflows: subs
        .filter((s) => c.info.token !== undefined && s.localToken === c.info.token)
        .sort((a, b) => Number((b.flags & 3) !== 0) - Number((a.flags & 3) !== 0) || a.localId - b.localId || a.localPort - b.localPort),
    }));
    if (o.json) {
      json(rows);
      return;
    }
    for (const c of rows) {
      const i = c.info;
      out(
        `${c.state.padEnd(10)} ${ep(c.localAddress, c.localPort)} -> ${ep(c.remoteAddress, c.remotePort)}` +
          ` token:${(i.token ?? 0).toString(16)} subflows:${i.subflowsTotal ?? (i.subflows ?? 0) + 1}` +
          (i.flags && i.flags & 1 ? ' fallback' : '') +
          (i.bytesSent !== undefined ? ` bytes_sent:${i.bytesSent} bytes_received:${i.bytesReceived} bytes_acked:${i.bytesAcked}` : '') +
          '\n',
      );
      for (const s of c.subflows) {
        out(
          `  ${(STATES[s.state] ?? String(s.state)).padEnd(8)} ${ep(s.localAddress, s.localPort)} -> ${ep(s.remoteAddress, s.remotePort)}` +
            ` id:${s.localId}/${s.remoteId} flags:${s.flagLetters}${s.localBackup || s.remoteBackup ? ' backup' : ''}` +
            ` rtt:${((s.tcpInfo.rtt ?? 0) / 1000).toFixed(3)}ms cwnd:${s.tcpInfo.sndCwnd ?? 0}` +
            ` bytes_acked:${s.tcpInfo.bytesAcked ?? 0n} bytes_received:${s.tcpInfo.bytesReceived ?? 0n}\n`,
        );
      }
    }
  } finally {
    diag.close();
  }
}

// ---- doctor ----

function readSysctls(): Record<string, string> {
  const dir = '/proc/sys/net/mptcp';
  const outv: Record<string, string> = {};
  try {
    for (const f of fs.readdirSync(dir).sort()) {
      try {
        outv[f] = fs.readFileSync(`${dir}/${f}`, 'utf8').trim();
      } catch {
        outv[f] = '?';
      }
    }
  } catch {
    // no MPTCP sysctls: no MPTCP in this kernel
  }
  return outv;
}

interface SelfTest {
  multipath: boolean;
  reason: string | null;
  infoLength: number;
  subflowsApi: string;
  /** The client's congestion control once connected: what this package's MPTCP connections run here. */
  congestionControl: string | null;
}

async function selfTest(): Promise<SelfTest> {
  const server = mptcp.createServer((s) => s.end());
  await new Promise<void>((r, j) => {
    server.once('error', j);
    server.listen(0, '127.0.0.1', r);
  });
  try {
    const s = mptcp.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
    await new Promise<void>((r, j) => {
      s.once('connect', r);
      s.once('error', j);
    });
    const info = s.info();
    let subflowsApi = 'ok';
    try {
      s.subflows();
    } catch (err) {
      subflowsApi = (err as Error).message;
    }
    let congestionControl: string | null = null;
    try {
      congestionControl = s.getsockopt('TCP_CONGESTION');
    } catch {
      // not Linux, or no addon: nothing to say
    }
    const result = { multipath: s.multipath, reason: s.fallbackReason, infoLength: info ? Object.keys(info).length : 0, subflowsApi, congestionControl };
    s.destroy();
    return result;
  } finally {
    server.close();
  }
}

/** Other sysctls that decide how long a connection stalls when a path dies (see the README's Switching). */
const STALL_SYSCTLS = ['net.ipv4.tcp_rto_min_us', 'net.ipv4.tcp_retries2'];

function readSysctl(name: string): string | undefined {
  try {
    return fs.readFileSync(`/proc/sys/${name.replaceAll('.', '/')}`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/**
 * What `failover` can do here: close subflows with SOCK_DESTROY (asked for a
 * socket that does not exist, the kernel answers ENOENT when it has it,
 * EOPNOTSUPP without CONFIG_INET_DIAG_DESTROY), and whether this process may.
 */
async function failoverSupport(): Promise<{ sockDestroy: 'available' | 'not built' | string; capNetAdmin: boolean }> {
  let sockDestroy: string;
  try {
    const diag = DiagSocketClient.open();
    try {
      await diag.destroy({ family: 'IPv4', localAddress: '127.0.0.1', localPort: 1, remoteAddress: '127.0.0.1', remotePort: 1 });
      sockDestroy = 'available';
    } catch (err) {
      const code = (err as { code?: string }).code;
      sockDestroy = code === 'ENOENT' ? 'available' : code === 'EOPNOTSUPP' ? 'not built' : (err as Error).message;
    } finally {
      diag.close();
    }
  } catch (err) {
    sockDestroy = (err as Error).message;
  }
  return { sockDestroy, capNetAdmin: hasNetAdmin() };
}

/**
 * What to run when the addon did not load. Prebuilt binaries cover linux-x64
 * and linux-arm64 with glibc; elsewhere the install script compiles one, and
 * npm 11 runs a dependency's install script only once the user approves it
 * (it prints "install scripts not yet covered by allowScripts" and builds nothing).
 */
function addonRemedy(error: Error | null): string {
  const build =
    'npm install-scripts approve mptcp, then npm rebuild mptcp (it compiles the addon: a C++ compiler, make and python3 are needed; with npm 10 or older, npm rebuild mptcp alone)';
  if (!error || error.message.startsWith('No native build was found')) {
    return `No prebuilt binary fits this system (${process.platform}-${process.arch}) and none was compiled at install. To compile one: ${build}.`;
  }
  return `The binary is there but did not load. To compile one for this system: ${build}.`;
}

/**
 * BBR as the system default: MPTCP stalls on fast paths and leaves shaped ones
 * partly unused under it (README, "Performance"); this package switches MPTCP
 * connections to cubic where the kernel lets it. `used` is what the self-test's
 * MPTCP connection ran.
 */
function congestionFinding(system: string | null, used: string | null | undefined): string | null {
  if (system !== REPLACED_CONGESTION_CONTROL) return null;
  const why = `The default congestion control is ${system}: under it, MPTCP stalls for 200 ms at a time on fast paths and leaves up to 20 % of a shaped path unused (README, Performance).`;
  if (used === MULTIPATH_CONGESTION_CONTROL) {
    return `${why} MPTCP connections made with this package run ${MULTIPATH_CONGESTION_CONTROL} instead (plain TCP ones keep ${system}; socketOptions.TCP_CONGESTION overrides).`;
  }
  let allowed = '?';
  try {
    allowed = fs.readFileSync('/proc/sys/net/ipv4/tcp_allowed_congestion_control', 'utf8').trim();
  } catch {
    // unreadable: say what we know
  }
  return (
    `${why} This process may not switch MPTCP connections to ${MULTIPATH_CONGESTION_CONTROL} (net.ipv4.tcp_allowed_congestion_control = ${allowed}, no CAP_NET_ADMIN), so they run ${system}. ` +
    `Allow it (sysctl -w net.ipv4.tcp_allowed_congestion_control='${allowed} ${MULTIPATH_CONGESTION_CONTROL}', in the initial namespace), or run with CAP_NET_ADMIN.`
  );
}

async function doctor(pm: PathManager, o: Options): Promise<number> {
  const support = mptcp.support({ refresh: true });
  const native = nativeState();
  const sysctls = readSysctls();
  const mode = pathManagerMode();
  const report: Record<string, unknown> = {
    platform: process.platform,
    kernel: kernelVersion().release,
    node: process.version,
    addon: native.binding ? 'loaded' : `not loaded (${native.error?.message ?? native.reason})`,
    support,
    sysctls,
    pathManager: mode,
    congestionControl: systemCongestionControl(),
  };
  const findings: string[] = [];
  let usable = support.supported;
  if (support.supported) {
    try {
      const t = await selfTest();
      report.selfTest = t;
      if (!t.multipath) {
        usable = false;
        findings.push(`A loopback test connection was not MPTCP (${t.reason}).`);
      }
    } catch (err) {
      report.selfTest = { error: (err as Error).message };
    }
    try {
      report.limits = await pm.getLimits();
      report.endpoints = await pm.endpoints();
    } catch (err) {
      report.pathManagerError = (err as Error).message;
    }
    const ev = events();
    ev.on('error', () => {});
    report.events = await ev.ready.then(
      () => 'available',
      (err: Error) => `unavailable: ${err.message}`,
    );
    ev.close();
    report.failover = await failoverSupport();
    report.stallSysctls = Object.fromEntries(STALL_SYSCTLS.map((k) => [k, readSysctl(k) ?? null]));
  }

  // The verdict, in plain words.
  if (!support.supported) {
    const reason = support.reason ?? 'kernel';
    const remedy: Partial<Record<UnavailableReason, string>> = {
      addon: addonRemedy(native.error),
      disabled: 'Enable it: sysctl -w net.mptcp.enabled=1',
    };
    const text = UNAVAILABLE_TEXT[reason];
    const said = support.code ? ` socket() said ${support.code} on Linux ${kernelVersion().release}.` : '';
    findings.unshift(`${text[0]!.toUpperCase()}${text.slice(1)}, so every connection is plain TCP (the API still works).${said}${remedy[reason] ? ` ${remedy[reason]}` : ''}`);
  } else if (usable) {
    findings.unshift('MPTCP works: connections made with this package are Multipath TCP when the peer supports it, plain TCP otherwise.');
    const limits = report.limits as { subflows: number; addAddrAccepted: number } | undefined;
    const endpoints = (report.endpoints as Endpoint[] | undefined) ?? [];
    if (mode === 'userspace') {
      findings.push(
        'The userspace path manager is selected: no extra subflows unless a manager creates them (mptcpd, or pm.manager() from this package).',
      );
    } else if (limits) {
      if (limits.subflows === 0) findings.push('limits: subflows is 0, so every connection stays on one subflow (mptcp limits set subflows 2).');
      const sub = endpoints.filter((e) => e.flags.includes('subflow') || e.flags.includes('fullmesh'));
      const sig = endpoints.filter((e) => e.flags.includes('signal'));
      if (sub.length === 0) {
        findings.push(
          'No subflow endpoints: as a client this host opens no extra subflows (mptcp endpoints add ADDRESS dev IFACE subflow).',
        );
      } else {
        findings.push(`As a client, extra subflows from ${sub.map((e) => e.address).join(', ')} (up to ${limits.subflows} per connection).`);
      }
      if (sig.length) findings.push(`As a server, it announces ${sig.map((e) => e.address).join(', ')}.`);
      if (limits.addAddrAccepted === 0) {
        findings.push('limits: add_addr_accepted is 0, so addresses a server announces are not used (mptcp limits set add_addr_accepted 2).');
      }
    }
    if (typeof report.events === 'string' && report.events !== 'available') findings.push(`Path-manager events: ${report.events}.`);
    findings.push(...failoverFindings(report.failover as Awaited<ReturnType<typeof failoverSupport>>, sysctls));
    const cc = congestionFinding(systemCongestionControl(), (report.selfTest as Partial<SelfTest> | undefined)?.congestionControl);
    if (cc) findings.push(cc);
  }
  report.verdict = findings;
  if (o.json) json(report);
  else {
    out(`kernel        ${report.kernel} (${process.platform}), node ${process.version}\n`);
    out(`addon         ${report.addon}\n`);
    out(`mptcp         ${support.supported ? 'supported' : `unsupported: ${support.reason}${support.code ? ` (${support.code})` : ''}`}\n`);
    for (const [k, v] of Object.entries(sysctls)) out(`sysctl        net.mptcp.${k} = ${v}\n`);
    if (report.congestionControl) out(`congestion    ${report.congestionControl}\n`);
    if (report.limits) {
      const l = report.limits as { subflows: number; addAddrAccepted: number };
      out(`limits        subflows ${l.subflows} add_addr_accepted ${l.addAddrAccepted}\n`);
    }
    if (report.endpoints) {
      const names = await ifnames().catch(() => new Map<number, string>());
      const list = report.endpoints as Endpoint[];
      if (!list.length) out('endpoints     none\n');
      for (const e of list) out(`endpoint      ${formatEndpoint(e, names).trim()}\n`);
    }
    if (report.events) out(`events        ${String(report.events)}\n`);
    for (const [k, v] of Object.entries((report.stallSysctls as Record<string, string | null> | undefined) ?? {})) {
      if (v !== null) out(`sysctl        ${k} = ${v}\n`);
    }
    if (report.failover) {
      const f = report.failover as Awaited<ReturnType<typeof failoverSupport>>;
      out(`failover      SOCK_DESTROY ${f.sockDestroy}, CAP_NET_ADMIN ${f.capNetAdmin ? 'yes' : 'no'}\n`);
    }
    out('\n');
    for (const f of findings) out(`${f}\n`);
  }
  return usable ? 0 : 1;
}

/** What failover can do here, and the sysctls that lengthen a stall, in plain words (figures: README, Switching). */
function failoverFindings(f: Awaited<ReturnType<typeof failoverSupport>>, sysctls: Record<string, string>): string[] {
  const out: string[] = [];
  if (f.sockDestroy === 'available' && f.capNetAdmin) {
    out.push('Failover (the `failover` option) can close a stalled subflow here at once (sock_diag SOCK_DESTROY), with either path manager.');
  } else if (f.sockDestroy === 'available') {
    out.push('Failover needs CAP_NET_ADMIN to close a stalled subflow (SOCK_DESTROY answers EPERM): run as root, or in a namespace of your own.');
  } else if (f.sockDestroy === 'not built') {
    out.push(
      'This kernel has no SOCK_DESTROY (CONFIG_INET_DIAG_DESTROY): failover can close a stalled subflow only with the userspace path manager (SUBFLOW_DESTROY).',
    );
  } else {
    out.push(`Failover cannot close subflows here: sock_diag said ${f.sockDestroy}.`);
  }
  // Measured with the switching benchmark (README, Switching).
  if (sysctls.stale_loss_cnt === '0') {
    out.push("net.mptcp.stale_loss_cnt = 0 turns off the kernel's detection of stalled subflows: stalls lasted longer when measured (360 ms against 204); the default is 4.");
  }
  // The floor of the retransmission timeout: a sysctl since Linux 6.11; before,
  // TCP_RTO_MIN (200 ms), which only a route's rto_min changes. The stall is
  // there either way.
  const rtoMin = readSysctl('net.ipv4.tcp_rto_min_us');
  const floor =
    rtoMin !== undefined
      ? `net.ipv4.tcp_rto_min_us = ${rtoMin}`
      : "200 ms: this kernel has no net.ipv4.tcp_rto_min_us (Linux 6.11+), only a route's rto_min changes it";
  out.push(
    `Without failover, a dead path stalls a connection for at least a retransmission timeout (${floor}); ` +
      'lowering it, or net.mptcp.stale_loss_cnt, shortened that in some runs and lengthened it in others (README: Switching). The failover option does not wait for it.',
  );
  return out;
}

export async function main(argv: string[]): Promise<number> {
  let o: Options;
  try {
    o = parseOptions(argv);
  } catch (err) {
    process.stderr.write(`mptcp: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const [cmd, ...rest] = o.args;
  o.args = rest;
  const pm = new PathManager();
  try {
    switch (cmd) {
      case undefined:
      case 'help':
        out(`${USAGE}\n`);
        return cmd === undefined ? 2 : 0;
      case 'doctor':
        return await doctor(pm, o);
      case 'limits':
        await limits(pm, o);
        return 0;
      case 'endpoints':
      case 'endpoint':
        await endpointsCmd(pm, o);
        return 0;
      case 'monitor':
        await monitor(o);
        return 0;
      case 'connections':
      case 'ss':
        await connections(o);
        return 0;
      case 'info': {
        const [n, ...more] = o.args;
        if (n === undefined || !/^\d+$/.test(n) || more.length) throw new UsageError('info needs one PID or PORT');
        o.args = [fs.existsSync(`/proc/${n}/fd`) ? 'pid' : 'port', n];
        await connections(o);
        return 0;
      }
      default:
        throw new UsageError(`unknown command ${cmd}`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`mptcp: ${err.message}\n${USAGE}\n`);
      return 2;
    }
    const e = err as Error & { code?: string };
    process.stderr.write(`mptcp: ${e.message}\n`);
    return 1;
  } finally {
    pm.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`mptcp: ${(err as Error).stack ?? String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
