// Strategies shipped with pm.manager(). Each is a plain object of hooks
// (see Strategy): copy one to write your own.
import type { InterfaceAddress } from '../netlink/rtnetlink';
import type { ManagedConnection, RemoteAddress, Strategy, StrategyContext } from './manager';

export interface FullmeshOptions {
  /** Only these interfaces (names); default: every interface with a usable address. */
  interfaces?: readonly string[];
  /** On server-side connections, announce the other local addresses (ADD_ADDR). Default false. */
  announce?: boolean;
}

/**
 * "Fullmesh over interfaces": on each client connection, a subflow from
 * every local address to every address of the peer; new addresses get
 * subflows as they appear (rtnetlink), subflows of vanished ones are closed.
 */
export function fullmesh(options: FullmeshOptions = {}): Strategy {
  const allowed = (a: InterfaceAddress, ctx: StrategyContext) => {
    if (!options.interfaces) return true;
    const name = ctx.interfaceName(a.ifindex);
    return name !== undefined && options.interfaces.includes(name);
  };
  const has = (conn: ManagedConnection, local: string, remote: RemoteAddress) =>
    [...conn.subflows.values()].some((s) => s.localAddress === local && s.remoteAddress === remote.address);

  const mesh = async (conn: ManagedConnection, ctx: StrategyContext, locals = ctx.localAddresses(conn.family)) => {
    if (!conn.established || conn.serverSide) return;
    for (const remote of conn.remotes.values()) {
      for (const local of locals) {
        if (!allowed(local, ctx) || local.family !== conn.family || has(conn, local.address, remote)) continue;
        if (local.address === conn.localAddress && remote.id === 0) continue; // the initial subflow
        await ctx.createSubflow(conn, local, remote);
      }
    }
  };

  return {
    name: 'fullmesh',
    async connectionEstablished(conn, ctx) {
      if (conn.serverSide) {
        if (options.announce) {
          for (const a of ctx.localAddresses(conn.family)) {
            if (a.address !== conn.localAddress && allowed(a, ctx)) await ctx.announce(conn, a);
          }
        }
        return;
      }
      await mesh(conn, ctx);
    },
    async addressAnnounced(conn, remote, ctx) {
      await mesh(conn, ctx, ctx.localAddresses(conn.family));
      void remote;
    },
    async localAddressAdded(address, ctx) {
      for (const conn of ctx.connections.values()) {
        if (conn.serverSide) {
          if (options.announce && conn.established && address.family === conn.family && allowed(address, ctx)) {
            await ctx.announce(conn, address);
          }
        } else {
          await mesh(conn, ctx, [address]);
        }
      }
    },
    async localAddressRemoved(address, ctx) {
      for (const conn of ctx.connections.values()) {
        if ([...conn.announced.values()].includes(address.address)) await ctx.unannounce(conn, address.address);
      }
    },
  };
}

export interface BackupOptions {
  /** The interface whose address carries the connection normally; default: the one it started on. */
  primary?: string;
  /** The interface to switch to when the primary's subflow is gone or has failed. */
  backup: string;
}

const PROBE_FIRST_MS = 1000;
const PROBE_MAX_MS = 30_000;

/**
 * "Backup interface": one path at a time. When the connection's subflow on
 * the primary interface closes (its address went away), stalls (nothing
 * acknowledged: a blackhole) or loses its link, open one on the backup
 * interface (the manager then closes the failed one); when the primary comes
 * back — its link up again, its address back, or a probe join through it
 * established — move back and close the backup subflow. A probe join is left
 * to the kernel's SYN retransmissions (1, 2, 4 … s): it completes when the
 * path does; another follows if it gives up.
 */
export function backup(options: BackupOptions): Strategy {
  const primaryOf = new Map<number, string>(); // token -> primary interface name
  /** Tokens whose primary is being probed: the wait before the next probe (its own object per probe), and whether a join is in flight. */
  const probeDelay = new Map<number, { ms: number }>();
  const probing = new Set<number>();
  const onInterface = (ctx: StrategyContext, name: string, family: 'IPv4' | 'IPv6') =>
    ctx.localAddresses(family).find((a) => ctx.interfaceName(a.ifindex) === name);
  const interfaceOfAddress = (ctx: StrategyContext, address: string) => {
    const a = ctx.localAddresses().find((x) => x.address === address);
    return a ? ctx.interfaceName(a.ifindex) : undefined;
  };
  const subflowsOn = (conn: ManagedConnection, ctx: StrategyContext, name: string) =>
    [...conn.subflows.values()].filter((s) => ctx.interfaceOf(s) === name);
  const toBackup = async (conn: ManagedConnection, ctx: StrategyContext, why: string) => {
    if (subflowsOn(conn, ctx, options.backup).length > 0) return; // already on the backup
    const local = onInterface(ctx, options.backup, conn.family);
    if (!local) return ctx.log(`backup: no usable ${conn.family} address on ${options.backup}`);
    ctx.log(`backup: ${why}; switching token ${conn.token} to ${options.backup}`);
    await ctx.createSubflow(conn, local);
  };
  const toPrimary = async (conn: ManagedConnection, ctx: StrategyContext) => {
    probeDelay.delete(conn.token);
    probing.delete(conn.token);
    for (const b of subflowsOn(conn, ctx, options.backup)) await ctx.destroySubflow(conn, b);
  };
  const probe = (conn: ManagedConnection, ctx: StrategyContext, ms: number) => {
    const delay = { ms };
    probeDelay.set(conn.token, delay);
    ctx.after(ms, async () => {
      const primary = primaryOf.get(conn.token);
      // Not this probe any more: the primary came back, or the connection closed.
      if (!primary || probeDelay.get(conn.token) !== delay || !ctx.connections.has(conn.token)) return;
      const onPrimary = subflowsOn(conn, ctx, primary);
      // It works again by itself (the stall passed before the backup took over).
      if (onPrimary.some((s) => !s.failed)) return toPrimary(conn, ctx);
      // The failed subflow is still there: the manager closes it once the backup works,
      // which can take longer than the first wait. Look again then.
      if (onPrimary.length > 0) return probe(conn, ctx, ms);
      const local = onInterface(ctx, primary, conn.family);
      // Pending until the path answers (or the kernel gives up on the SYN, and it closes).
      if (local && (await ctx.createSubflow(conn, local))) probing.add(conn.token);
      else probe(conn, ctx, Math.min(ms * 2, PROBE_MAX_MS));
    });
  };

  return {
    name: 'backup',
    connectionEstablished(conn, ctx) {
      if (conn.serverSide) return;
      primaryOf.set(conn.token, options.primary ?? interfaceOfAddress(ctx, conn.localAddress) ?? '');
    },
    connectionClosed(conn) {
      primaryOf.delete(conn.token);
      probeDelay.delete(conn.token);
      probing.delete(conn.token);
    },
    async subflowFailed(conn, sf, signal, ctx) {
      const primary = primaryOf.get(conn.token);
      if (!primary || ctx.interfaceOf(sf) !== primary) return;
      await toBackup(conn, ctx, `${signal} on ${primary} (${sf.localAddress})`);
      // A blackhole shows in no link state: ask the path itself, now and then.
      if (signal !== 'link-down' && !probeDelay.has(conn.token)) probe(conn, ctx, PROBE_FIRST_MS);
    },
    async subflowClosed(conn, sf, ctx) {
      const primary = primaryOf.get(conn.token);
      if (primary === undefined) return;
      if (subflowsOn(conn, ctx, primary).length > 0) return; // the primary still carries it
      await toBackup(conn, ctx, `${sf.localAddress} closed on ${primary}`);
      // A probe join the kernel gave up on: another, later.
      const delay = probeDelay.get(conn.token);
      if (delay !== undefined && probing.delete(conn.token) && ctx.interfaceOf(sf) === primary) probe(conn, ctx, Math.min(delay.ms * 2, PROBE_MAX_MS));
    },
    async localAddressAdded(address, ctx) {
      for (const conn of ctx.connections.values()) {
        const primary = primaryOf.get(conn.token);
        if (!primary || ctx.interfaceName(address.ifindex) !== primary || address.family !== conn.family) continue;
        if (subflowsOn(conn, ctx, primary).length === 0) await ctx.createSubflow(conn, address);
      }
    },
    async linkUp(link, ctx) {
      for (const conn of ctx.connections.values()) {
        if (primaryOf.get(conn.token) !== link.name || subflowsOn(conn, ctx, link.name).length > 0) continue;
        const local = onInterface(ctx, link.name, conn.family);
        if (local) await ctx.createSubflow(conn, local);
      }
    },
    async subflowEstablished(conn, sf, ctx) {
      // Back on the primary: the backup subflow has done its job.
      const primary = primaryOf.get(conn.token);
      if (!primary || ctx.interfaceOf(sf) !== primary) return;
      await toPrimary(conn, ctx);
    },
  };
}
