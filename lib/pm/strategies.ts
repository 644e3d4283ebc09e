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
  /** The interface to switch to when the primary's subflow is gone. */
  backup: string;
}

/**
 * "Backup interface": one path at a time. When the connection's subflow on
 * the primary interface closes (its address went away, the link died),
 * open one on the backup interface; when the primary comes back, move back
 * and close the backup subflow.
 */
export function backup(options: BackupOptions): Strategy {
  const primaryOf = new Map<number, string>(); // token -> primary interface name
  const onInterface = (ctx: StrategyContext, name: string, family: 'IPv4' | 'IPv6') =>
    ctx.localAddresses(family).find((a) => ctx.interfaceName(a.ifindex) === name);
  const interfaceOfAddress = (ctx: StrategyContext, address: string) => {
    const a = ctx.localAddresses().find((x) => x.address === address);
    return a ? ctx.interfaceName(a.ifindex) : undefined;
  };
  const subflowsOn = (conn: ManagedConnection, ctx: StrategyContext, name: string) =>
    [...conn.subflows.values()].filter((s) => {
      if (s.ifindex !== undefined) return ctx.interfaceName(s.ifindex) === name;
      return interfaceOfAddress(ctx, s.localAddress) === name;
    });

  return {
    name: 'backup',
    connectionEstablished(conn, ctx) {
      if (conn.serverSide) return;
      primaryOf.set(conn.token, options.primary ?? interfaceOfAddress(ctx, conn.localAddress) ?? '');
    },
    connectionClosed(conn) {
      primaryOf.delete(conn.token);
    },
    async subflowClosed(conn, sf, ctx) {
      const primary = primaryOf.get(conn.token);
      if (primary === undefined) return;
      if (subflowsOn(conn, ctx, primary).length > 0) return; // the primary still carries it
      if (subflowsOn(conn, ctx, options.backup).length > 0) return; // already on the backup
      const local = onInterface(ctx, options.backup, conn.family);
      if (!local) return ctx.log(`backup: no ${conn.family} address on ${options.backup}`);
      ctx.log(`backup: ${sf.localAddress} closed on ${primary}; switching token ${conn.token} to ${options.backup}`);
      await ctx.createSubflow(conn, local);
    },
    async localAddressAdded(address, ctx) {
      for (const conn of ctx.connections.values()) {
        const primary = primaryOf.get(conn.token);
        if (!primary || ctx.interfaceName(address.ifindex) !== primary || address.family !== conn.family) continue;
        if (subflowsOn(conn, ctx, primary).length === 0) await ctx.createSubflow(conn, address);
      }
    },
    async subflowEstablished(conn, sf, ctx) {
      // Back on the primary: the backup subflow has done its job.
      const primary = primaryOf.get(conn.token);
      if (!primary) return;
      const name = sf.ifindex !== undefined ? ctx.interfaceName(sf.ifindex) : interfaceOfAddress(ctx, sf.localAddress);
      if (name !== primary) return;
      for (const b of subflowsOn(conn, ctx, options.backup)) await ctx.destroySubflow(conn, b);
    },
  };
}
