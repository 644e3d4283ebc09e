// The backup strategy's decisions, hook by hook, against a scripted
// StrategyContext: no kernel, no timers (the test runs what `after`
// scheduled). The namespace tests (switching, pm-strategies) show the same
// moves on real subflows; these pin the orderings that emulation produced
// only now and then.
import { describe, expect, it } from 'vitest';
import { strategies } from '../../dist/pm/index.js';
import { subflowKey, type ManagedConnection, type ManagedSubflow, type StrategyContext } from '../../dist/pm/manager.js';
import type { StallSignal } from '../../dist/pm/health.js';
import type { InterfaceAddress } from '../../dist/netlink/rtnetlink.js';

const LINKS = new Map([
  [2, 'cleth1'],
  [3, 'cleth2'],
]);
const ADDRESSES: InterfaceAddress[] = [
  { address: '192.0.2.2', family: 'IPv4', prefixLength: 24, ifindex: 2, scope: 0, flags: 0 },
  { address: '198.51.100.2', family: 'IPv4', prefixLength: 24, ifindex: 3, scope: 0, flags: 0 },
];

function subflow(localAddress: string, localPort: number, extra: Partial<ManagedSubflow> = {}): ManagedSubflow {
  return { localAddress, localPort, remoteAddress: '192.0.2.1', remotePort: 443, localId: 0, remoteId: 0, backup: false, ...extra };
}

/** A connection from 192.0.2.2 (cleth1), and a context that records what the strategy asks for. */
async function scripted() {
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
    subflows: new Map([[subflowKey(first), first]]),
    remotes: new Map([[0, { id: 0, address: '192.0.2.2', port: 443 }]]),
    announced: new Map(),
  };
  const actions: string[] = [];
  const timers: { ms: number; task: () => void | Promise<void> }[] = [];
  /** Addresses that are not usable now (their link is down, or they are gone). */
  const unusable = new Set<string>();
  const ctx: StrategyContext = {
    connections: new Map([[conn.token, conn]]),
    localAddresses: (family) => ADDRESSES.filter((a) => (!family || a.family === family) && !unusable.has(a.address)),
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
  const s = strategies.backup({ backup: 'cleth2' });
  /** The kernel reports a subflow established (the manager adds it first). */
  const established = async (sf: ManagedSubflow) => {
    conn.subflows.set(subflowKey(sf), sf);
    await s.subflowEstablished!(conn, sf, ctx);
  };
  /** The kernel reports a subflow closed (the manager removes it first). */
  const closed = async (sf: ManagedSubflow) => {
    conn.subflows.delete(subflowKey(sf));
    await s.subflowClosed!(conn, sf, ctx);
  };
  const CLETH1 = { index: 2, name: 'cleth1', flags: 0x10041 };
  /** The manager reports the primary's subflow failed. */
  const fail = async (signal: StallSignal) => {
    first.failed = signal;
    await s.subflowFailed!(conn, first, signal, ctx);
  };
  /** The backup subflow comes up, and the manager aborts the failed one. */
  const switched = async () => {
    await established(subflow('198.51.100.2', 40001, { localId: 20 }));
    await closed(first);
  };
  await s.connectionEstablished!(conn, ctx);
  return { s, conn, ctx, first, actions, fire, established, closed, fail, switched, unusable, CLETH1 };
}

describe('strategies.backup', () => {
  it('a blackholed primary: the backup at once; the probe waits while the failed subflow is open, then joins; the backup closes once the primary holds', async () => {
    const { first, actions, fire, established, closed, fail } = await scripted();
    await fail('no-ack');
    expect(actions).toEqual(['create 198.51.100.2']);
    // The first probe is due before the manager could close the failed subflow: no join yet.
    expect(await fire()).toEqual([1000]);
    expect(actions).toEqual(['create 198.51.100.2']);
    await established(subflow('198.51.100.2', 40001, { localId: 20 }));
    await closed(first); // the manager aborted it
    expect(actions).toEqual(['create 198.51.100.2']); // already on the backup
    // Then the probe join through the primary, at the same wait.
    expect(await fire()).toEqual([1000]);
    expect(actions).toEqual(['create 198.51.100.2', 'create 192.0.2.2']);
    expect(await fire()).toEqual([]); // a join in flight: the kernel retries its SYN
    // The probe join established: once it has held, the backup is closed.
    await established(subflow('192.0.2.2', 40002, { localId: 10 }));
    expect(actions).toEqual(['create 198.51.100.2', 'create 192.0.2.2']);
    expect(await fire()).toEqual([250]);
    expect(actions).toEqual(['create 198.51.100.2', 'create 192.0.2.2', 'destroy 198.51.100.2']);
  });

  it('a probe join the kernel gave up on is followed by another, after twice the wait', async () => {
    const { actions, fire, closed, fail, switched } = await scripted();
    await fail('rto');
    await switched();
    expect(await fire()).toEqual([1000]);
    await closed(subflow('192.0.2.2', 40002, { localId: 10 })); // the probe's SYN timed out
    expect(await fire()).toEqual([2000]);
    await closed(subflow('192.0.2.2', 40003, { localId: 10 }));
    expect(await fire()).toEqual([4000]);
    expect(actions).toEqual(['create 198.51.100.2', 'create 192.0.2.2', 'create 192.0.2.2', 'create 192.0.2.2']);
  });

  it('a stall that passes before the backup takes over: the primary is kept, the backup closed, no probe join', async () => {
    const { first, actions, fire, established, fail } = await scripted();
    await fail('no-ack');
    delete first.failed; // the manager saw it acknowledge again
    await established(subflow('198.51.100.2', 40001, { localId: 20 }));
    expect(await fire()).toEqual([1000]);
    expect(actions).toEqual(['create 198.51.100.2', 'destroy 198.51.100.2']);
    expect(await fire()).toEqual([]);
  });

  it('link down: probes find no address there; link up joins at once and cancels them', async () => {
    const { s, ctx, actions, fire, fail, switched, unusable, CLETH1 } = await scripted();
    unusable.add('192.0.2.2');
    await fail('link-down');
    await switched();
    expect(await fire()).toEqual([1000]);
    expect(await fire()).toEqual([2000]);
    unusable.delete('192.0.2.2');
    await s.linkUp!(CLETH1, ctx);
    expect(actions).toEqual(['create 198.51.100.2', 'create 192.0.2.2']);
    expect(await fire()).toEqual([4000]); // the stale probe: it does nothing
    expect(actions).toEqual(['create 198.51.100.2', 'create 192.0.2.2']);
  });

  it('a returning primary subflow reset right after it was established (6.1): the backup stays, and the primary is tried again', async () => {
    const { s, ctx, actions, fire, established, closed, fail, switched, unusable, CLETH1 } = await scripted();
    unusable.add('192.0.2.2');
    await fail('link-down');
    await switched();
    unusable.delete('192.0.2.2');
    await s.linkUp!(CLETH1, ctx);
    const reset = subflow('192.0.2.2', 40002, { localId: 10 });
    await established(reset);
    await closed(reset); // MP_TCPRST from the peer, at once
    expect(await fire()).toEqual([1000, 250, 1000]); // the first probe (stale), the settle (it did not hold), the new probe
    expect(actions).toEqual(['create 198.51.100.2', 'create 192.0.2.2', 'create 192.0.2.2']);
    await established(subflow('192.0.2.2', 40003, { localId: 10 }));
    expect(await fire()).toEqual([250]);
    expect(actions).toEqual(['create 198.51.100.2', 'create 192.0.2.2', 'create 192.0.2.2', 'destroy 198.51.100.2']);
  });

  it('a backup join that fails is retried after 1 s, then 2 s, not at once', async () => {
    const { actions, fire, closed, fail, unusable } = await scripted();
    unusable.add('192.0.2.2');
    await fail('link-down');
    await closed(subflow('198.51.100.2', 40001, { localId: 20 })); // refused by the peer
    expect(actions).toEqual(['create 198.51.100.2']);
    // The primary's probe (its failed subflow is still open: again at the same pace), the backup's retry.
    expect(await fire()).toEqual([1000, 1000]);
    expect(actions).toEqual(['create 198.51.100.2', 'create 198.51.100.2']);
    await closed(subflow('198.51.100.2', 40002, { localId: 20 }));
    expect(await fire()).toEqual([1000, 2000]);
    expect(actions).toEqual(['create 198.51.100.2', 'create 198.51.100.2', 'create 198.51.100.2']);
  });
});
