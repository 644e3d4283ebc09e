// The backup strategy's decisions, hook by hook, against a scripted
// StrategyContext: no kernel, no timers (the test runs what `after`
// scheduled). The namespace tests (switching, pm-strategies) show the same
// moves on real subflows; these pin the orderings that emulation produced
// only now and then.
import { describe, expect, it } from 'vitest';
import { strategies } from '../../dist/pm/index.js';
import type { ManagedConnection, ManagedSubflow, StrategyContext } from '../../dist/pm/manager.js';
import type { InterfaceAddress } from '../../dist/netlink/rtnetlink.js';

const LINKS = new Map([
  [2, 'cleth1'],
  [3, 'cleth2'],
]);
const ADDRESSES: InterfaceAddress[] = [
  { address: '192.0.2.2', family: 'IPv4', prefixLength: 24, ifindex: 2, scope: 0, flags: 0 },
  { address: '198.51.100.2', family: 'IPv4', prefixLength: 24, ifindex: 3, scope: 0, flags: 0 },
];

const key = (s: ManagedSubflow) => `${s.localAddress}:${s.localPort}>${s.remoteAddress}:${s.remotePort}`;

function subflow(localAddress: string, localPort: number, extra: Partial<ManagedSubflow> = {}): ManagedSubflow {
  return { localAddress, localPort, remoteAddress: '192.0.2.1', remotePort: 443, localId: 0, remoteId: 0, backup: false, ...extra };
}

/** A connection from 192.0.2.2 (cleth1), and a context that records what the strategy asks for. */
function scripted() {
  const first = subflow('192.0.2.2', 40000);
  const conn: ManagedConnection = {
    token: 7,
    family: 'IPv4',
    localAddress: '192.0.2.2',
    localPort: 40000,
    remoteAddress: '192.0.2.1',
    remotePort: 443,
    serverSide: false,
    established: true,
    subflows: new Map([[key(first), first]]),
    remotes: new Map([[0, { id: 0, address: '192.0.2.1', port: 443 }]]),
    announced: new Map(),
  };
  const actions: string[] = [];
  const timers: { ms: number; task: () => void | Promise<void> }[] = [];
  const ctx: StrategyContext = {
    connections: new Map([[conn.token, conn]]),
    localAddresses: (family) => ADDRESSES.filter((a) => !family || a.family === family),
    interfaceName: (ifindex) => LINKS.get(ifindex),
    interfaceOf: (sf) => LINKS.get(ADDRESSES.find((a) => a.address === sf.localAddress)?.ifindex ?? 0),
    createSubflow: async (_c, local) => (actions.push(`create ${local.address}`), true),
    destroySubflow: async (_c, sf) => (actions.push(`destroy ${sf.localAddress}`), true),
    closeSubflow: async (_c, sf) => (actions.push(`abort ${sf.localAddress}`), true),
    announce: async () => true,
    unannounce: async () => true,
    setSubflowBackup: async () => true,
    after: (ms, task) => void timers.push({ ms, task }),
    log: () => undefined,
  };
  /** Runs the timers scheduled so far; their waits, in order. */
  const fire = async () => {
    const due = timers.splice(0);
    for (const t of due) await t.task();
    return due.map((t) => t.ms);
  };
  const add = (sf: ManagedSubflow) => conn.subflows.set(key(sf), sf);
  const drop = (sf: ManagedSubflow) => conn.subflows.delete(key(sf));
  return { conn, ctx, first, actions, fire, add, drop };
}

describe('strategies.backup', () => {
  it('a blackholed primary: the backup is opened, and the probe waits while the failed subflow is still open', async () => {
    const { conn, ctx, first, actions, fire, add, drop } = scripted();
    const s = strategies.backup({ backup: 'cleth2' });
    await s.connectionEstablished!(conn, ctx);
    first.failed = 'no-ack';
    await s.subflowFailed!(conn, first, 'no-ack', ctx);
    expect(actions).toEqual(['create 198.51.100.2']);
    // The first probe is due before the manager could close the failed subflow: no join yet.
    expect(await fire()).toEqual([1000]);
    expect(actions).toEqual(['create 198.51.100.2']);
    const backup = subflow('198.51.100.2', 40001, { localId: 20 });
    add(backup);
    await s.subflowEstablished!(conn, backup, ctx);
    drop(first); // the manager aborted it
    await s.subflowClosed!(conn, first, ctx);
    expect(actions).toEqual(['create 198.51.100.2']); // already on the backup
    // Then the probe join through the primary, at the same wait.
    expect(await fire()).toEqual([1000]);
    expect(actions).toEqual(['create 198.51.100.2', 'create 192.0.2.2']);
    expect(await fire()).toEqual([]); // a join in flight: the kernel retries its SYN
    // The probe join established: back, and the backup closed.
    const again = subflow('192.0.2.2', 40002, { localId: 10 });
    add(again);
    await s.subflowEstablished!(conn, again, ctx);
    expect(actions).toEqual(['create 198.51.100.2', 'create 192.0.2.2', 'destroy 198.51.100.2']);
  });

  it('a probe join the kernel gave up on is followed by another, after twice the wait', async () => {
    const { conn, ctx, first, actions, fire, add, drop } = scripted();
    const s = strategies.backup({ backup: 'cleth2' });
    await s.connectionEstablished!(conn, ctx);
    first.failed = 'rto';
    await s.subflowFailed!(conn, first, 'rto', ctx);
    add(subflow('198.51.100.2', 40001, { localId: 20 }));
    drop(first);
    await s.subflowClosed!(conn, first, ctx);
    expect(await fire()).toEqual([1000]);
    await s.subflowClosed!(conn, subflow('192.0.2.2', 40002, { localId: 10 }), ctx); // the probe's SYN timed out
    expect(await fire()).toEqual([2000]);
    expect(actions).toEqual(['create 198.51.100.2', 'create 192.0.2.2', 'create 192.0.2.2']);
  });

  it('a stall that passes before the backup takes over: the primary is kept, the backup closed, no probe join', async () => {
    const { conn, ctx, first, actions, fire, add } = scripted();
    const s = strategies.backup({ backup: 'cleth2' });
    await s.connectionEstablished!(conn, ctx);
    first.failed = 'no-ack';
    await s.subflowFailed!(conn, first, 'no-ack', ctx);
    delete first.failed; // the manager saw it acknowledge again
    add(subflow('198.51.100.2', 40001, { localId: 20 }));
    expect(await fire()).toEqual([1000]);
    expect(actions).toEqual(['create 198.51.100.2', 'destroy 198.51.100.2']);
    expect(await fire()).toEqual([]);
  });

  it('a link that goes down is not probed: its return is reported', async () => {
    const { conn, ctx, first, actions, fire, add, drop } = scripted();
    const s = strategies.backup({ backup: 'cleth2' });
    await s.connectionEstablished!(conn, ctx);
    first.failed = 'link-down';
    await s.subflowFailed!(conn, first, 'link-down', ctx);
    add(subflow('198.51.100.2', 40001, { localId: 20 }));
    drop(first);
    await s.subflowClosed!(conn, first, ctx);
    expect(await fire()).toEqual([]);
    await s.linkUp!({ index: 2, name: 'cleth1', flags: 0x10041 }, ctx);
    expect(actions).toEqual(['create 198.51.100.2', 'create 192.0.2.2']);
  });
});
