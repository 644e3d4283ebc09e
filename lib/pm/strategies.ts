// Strategies shipped with pm.manager(). Each is a plain object of hooks
// (see Strategy): copy one to write your own.
import type { InterfaceAddress } from '../netlink/rtnetlink';
import { subflowKey, type ManagedConnection, type RemoteAddress, type Strategy, type StrategyContext } from './manager';

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

const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 30_000;
/**
 * How long a returning primary subflow must hold before the backup is closed:
 * under load, 6.1 was seen resetting a join (MP_TCPRST "mptcp-error") right
 * after reporting it established.
 */
const SETTLE_MS = 250;

/** What backup() knows of one client connection. */
interface Track {
  primary: string;
  /** Subflows (by key) seen established: a close of any other is a join that failed. */
  up: Set<string>;
  /** Joins in flight, through the primary and through the backup. */
  joiningPrimary: boolean;
  joiningBackup: boolean;
  /** The pending probe of the primary (its identity cancels stale timers), and the wait before the next. */
  probe: object | null;
  probeMs: number;
  /** The pending retry of a backup join that failed, and the wait before the next. */
  retry: object | null;
  retryMs: number;
}

/**
 * "Backup interface": one path at a time. When the connection's subflow on
 * the primary interface closes (its address went away), stalls (nothing
 * acknowledged: a blackhole) or loses its link, open one on the backup
 * interface (the manager then closes the failed one). Then bring the primary
 * back: at once when its link comes up or its address returns, else by a
 * probe join through it 1 s later, then 2, 4 … 30 s (a join is left to the
 * kernel's SYN retransmissions: it completes when the path does). Once a
 * primary subflow has held for a moment, close the backup one. A backup join
 * that fails is retried on the same schedule.
 */
export function backup(options: BackupOptions): Strategy {
  const tracks = new Map<number, Track>();
  const onInterface = (ctx: StrategyContext, name: string, family: 'IPv4' | 'IPv6') =>
    ctx.localAddresses(family).find((a) => ctx.interfaceName(a.ifindex) === name);
  const interfaceOfAddress = (ctx: StrategyContext, address: string) => {
    const a = ctx.localAddresses().find((x) => x.address === address);
    return a ? ctx.interfaceName(a.ifindex) : undefined;
  };
  const subflowsOn = (conn: ManagedConnection, ctx: StrategyContext, name: string) =>
    [...conn.subflows.values()].filter((s) => ctx.interfaceOf(s) === name);
  /** A subflow on the primary that the manager does not hold failed. */
  const primaryWorks = (conn: ManagedConnection, ctx: StrategyContext, t: Track) => subflowsOn(conn, ctx, t.primary).some((s) => !s.failed);

  const toBackup = async (conn: ManagedConnection, ctx: StrategyContext, t: Track, why: string) => {
    if (t.joiningBackup || subflowsOn(conn, ctx, options.backup).length > 0) return; // there, or on the way
    const local = onInterface(ctx, options.backup, conn.family);
    if (!local) return ctx.log(`backup: no usable ${conn.family} address on ${options.backup}`);
    ctx.log(`backup: ${why}; switching token ${conn.token} to ${options.backup}`);
    t.joiningBackup = await ctx.createSubflow(conn, local);
  };
  const retryBackup = (conn: ManagedConnection, ctx: StrategyContext, t: Track) => {
    if (t.retry) return;
    const id = (t.retry = {});
    const ms = t.retryMs;
    t.retryMs = Math.min(ms * 2, RETRY_MAX_MS);
    ctx.after(ms, async () => {
      if (t.retry !== id || tracks.get(conn.token) !== t) return;
      t.retry = null;
      if (!primaryWorks(conn, ctx, t)) await toBackup(conn, ctx, t, `its join failed; again after ${ms} ms`);
    });
  };
  const joinPrimary = async (conn: ManagedConnection, ctx: StrategyContext, t: Track, local: InterfaceAddress) => {
    t.probe = null; // this is the attempt: a pending probe would be a second one
    t.joiningPrimary = await ctx.createSubflow(conn, local);
    if (!t.joiningPrimary) probe(conn, ctx, t);
  };
  /** Asks the primary path, after the current wait, whether it works again (unless a join or a probe is on the way). */
  const probe = (conn: ManagedConnection, ctx: StrategyContext, t: Track, ms = t.probeMs) => {
    if (t.probe || t.joiningPrimary) return;
    const id = (t.probe = {});
    ctx.after(ms, async () => {
      if (t.probe !== id || tracks.get(conn.token) !== t) return;
      t.probe = null;
      // It works again by itself (the stall passed before the backup took over).
      if (primaryWorks(conn, ctx, t)) return closeBackup(conn, ctx);
      // The failed subflow is still open: the manager closes it once the backup works,
      // which can take longer than the first wait. Look again then.
      if (subflowsOn(conn, ctx, t.primary).length > 0) return probe(conn, ctx, t, ms);
      t.probeMs = Math.min(ms * 2, RETRY_MAX_MS);
      const local = onInterface(ctx, t.primary, conn.family);
      if (local) await joinPrimary(conn, ctx, t, local);
      else probe(conn, ctx, t); // no usable address there yet
    });
  };
  const closeBackup = async (conn: ManagedConnection, ctx: StrategyContext) => {
    for (const b of subflowsOn(conn, ctx, options.backup)) await ctx.destroySubflow(conn, b);
  };

  return {
    name: 'backup',
    connectionEstablished(conn, ctx) {
      if (conn.serverSide) return;
      tracks.set(conn.token, {
        primary: options.primary ?? interfaceOfAddress(ctx, conn.localAddress) ?? '',
        up: new Set(conn.subflows.keys()),
        joiningPrimary: false,
        joiningBackup: false,
        probe: null,
        probeMs: RETRY_FIRST_MS,
        retry: null,
        retryMs: RETRY_FIRST_MS,
      });
    },
    connectionClosed(conn) {
      tracks.delete(conn.token);
    },
    async subflowFailed(conn, sf, signal, ctx) {
      const t = tracks.get(conn.token);
      if (!t || ctx.interfaceOf(sf) !== t.primary) return;
      await toBackup(conn, ctx, t, `${signal} on ${t.primary} (${sf.localAddress})`);
      // A blackhole shows in no link state: ask the path itself, now and then.
      probe(conn, ctx, t);
    },
    async subflowEstablished(conn, sf, ctx) {
      const t = tracks.get(conn.token);
      if (!t) return;
      t.up.add(subflowKey(sf));
      const where = ctx.interfaceOf(sf);
      if (where === options.backup) {
        t.joiningBackup = false;
        t.retryMs = RETRY_FIRST_MS;
      }
      if (where !== t.primary) return;
      // Back on the primary: the backup subflow has done its job, once this one holds.
      t.joiningPrimary = false;
      t.probe = null;
      t.probeMs = RETRY_FIRST_MS;
      ctx.after(SETTLE_MS, async () => {
        if (conn.subflows.get(subflowKey(sf)) === sf && !sf.failed && tracks.get(conn.token) === t) await closeBackup(conn, ctx);
      });
    },
    async subflowClosed(conn, sf, ctx) {
      const t = tracks.get(conn.token);
      if (!t) return;
      const wasUp = t.up.delete(subflowKey(sf));
      const where = ctx.interfaceOf(sf);
      if (!wasUp && where === t.primary) t.joiningPrimary = false; // a probe join the kernel gave up on
      if (!wasUp && where === options.backup) t.joiningBackup = false;
      if (primaryWorks(conn, ctx, t)) return; // the primary still carries it
      // Off the primary: on the backup until the primary is back (a backup join that failed: later).
      if (!wasUp && where === options.backup) retryBackup(conn, ctx, t);
      else await toBackup(conn, ctx, t, `${sf.localAddress} closed`);
      probe(conn, ctx, t);
    },
    async localAddressAdded(address, ctx) {
      for (const conn of ctx.connections.values()) {
        const t = tracks.get(conn.token);
        if (!t || ctx.interfaceName(address.ifindex) !== t.primary || address.family !== conn.family) continue;
        if (!t.joiningPrimary && subflowsOn(conn, ctx, t.primary).length === 0) await joinPrimary(conn, ctx, t, address);
      }
    },
    async linkUp(link, ctx) {
      for (const conn of ctx.connections.values()) {
        const t = tracks.get(conn.token);
        if (!t || t.primary !== link.name || t.joiningPrimary || subflowsOn(conn, ctx, link.name).length > 0) continue;
        const local = onInterface(ctx, link.name, conn.family);
        if (local) await joinPrimary(conn, ctx, t, local);
      }
    },
  };
}
