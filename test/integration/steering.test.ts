// Steering one connection from the application, with the userspace path
// manager: `paths: { backup: [...] }` keeps an interface idle until the
// others are gone, then moves everything to it; `paths: { prefer: 'latency' }`
// keeps small messages on the lowest-RTT path. Per-subflow byte counts come
// from tcp_info; the kernel's counters confirm the backup flag on the wire.
import { afterEach, expect, it } from 'vitest';
import { TwoHosts } from '../../dist/testing/netns.js';
import type { Agent } from '../../dist/testing/agent-client.js';
import { fixtures, type Switching } from '../helpers/fixtures';
import { describeNetns, differingBlocks } from '../helpers/integration';
import { subflowCreateKeepsFlags, userspacePathManager } from '../helpers/kernel';

const SIZE = 24 << 20;

describeNetns('steering: per-connection path policies', () => {
  let hosts: TwoHosts | undefined;
  let client: Agent<Switching> | undefined;
  afterEach(async () => {
    await client?.call('stopBackground').catch(() => {});
    await hosts?.destroy();
    hosts = undefined;
    client = undefined;
  });

  async function setup(pm: 'kernel' | 'userspace' = 'userspace'): Promise<{ server: Agent<Switching>; client: Agent<Switching> }> {
    hosts = await TwoHosts.create({ paths: 2 });
    if (pm === 'userspace') await hosts.client.sysctl(userspacePathManager);
    await hosts.server.mptcpLimits({ subflows: 4, addAddrAccepted: 0 });
    const [server, c] = await Promise.all([hosts.server.spawn<Switching>(fixtures.switching), hosts.client.spawn<Switching>(fixtures.switching)]);
    client = c;
    return { server, client: c };
  }

  it('backup: the backup interface carries ~0 bytes while the primary works, then everything', async () => {
    const { server, client } = await setup();
    for (let i = 1; i <= 2; i++) {
      await hosts!.server.shape(`sreth${i}`, { rateMbit: 40 });
      await hosts!.client.shape(`cleth${i}`, { rateMbit: 40 });
    }
    const port = await server.call('startSink');
    const options = { paths: { backup: ['cleth2'] } };
    expect(await client.call('startSending', { port, size: SIZE, subflows: 2, options })).toEqual(['192.0.2.2', '198.51.100.2']);
    await new Promise((r) => setTimeout(r, 1000));
    const first = await client.call('bytesBySubflow');
    await new Promise((r) => setTimeout(r, 1000));
    const before = await client.call('bytesBySubflow');
    expect(before['192.0.2.2']).toBeGreaterThan(1 << 20);
    expect(before['192.0.2.2']! - first['192.0.2.2']!, 'the primary carries the second between').toBeGreaterThan(256 << 10);
    // ~0: the join, nothing else. Where SUBFLOW_CREATE drops the flag (6.1), what this side sent
    // before its MP_PRIO went out (a round trip, or more under emulation) too; then no more.
    expect(first['198.51.100.2'] ?? 0).toBeLessThan(subflowCreateKeepsFlags ? 64 << 10 : 1 << 20);
    expect((before['198.51.100.2'] ?? 0) - (first['198.51.100.2'] ?? 0)).toBeLessThan(16 << 10);

    await hosts!.blackhole(1);
    const ev = await client.call('senderEvent', 'failover');
    expect(ev).toMatchObject({ action: 'sockDestroy', ok: true, subflow: { local: { address: '192.0.2.2' } } });
    const sent = await client.call('sent');
    const got = await server.call('received', 0);
    expect({ n: got.n, sha256: got.sha256 }, differingBlocks(got, sent)).toEqual({ n: SIZE, sha256: sent.sha256 });
    // Everything the primary had not delivered went over the backup.
    const primary = sent.bytes['192.0.2.2']!;
    expect(sent.bytes['198.51.100.2']).toBeGreaterThanOrEqual(SIZE - primary - (1 << 20));
    const sc = await hosts!.server.counters();
    // The join asks for backup where SUBFLOW_CREATE keeps the flag; the MP_PRIO sent once it is up does everywhere.
    expect(sc).toMatchObject({ MPTcpExtMPJoinSynBackupRx: subflowCreateKeepsFlags ? 1 : 0, MPTcpExtMPJoinAckRx: 1, MPTcpExtMPPrioRx: 1 });
  });

  it("prefer: 'latency': small messages take the fast path, not the one with a standing queue", async () => {
    const { server, client } = await setup();
    // Path 1: 10 Mbit/s with a deep queue kept standing by a cubic flow (~0.1 MB in flight); path 2: no queue.
    await hosts!.client.shape('cleth1', { rateMbit: 10, latency: '2s', burst: '16k' });
    const discard = await server.call('startDiscard');
    const queued = await client.call('startBackground', { port: discard, host: '192.0.2.1', localAddress: '192.0.2.2', sndbuf: 65536, maxMs: 60_000, queueMs: 30 });
    expect(queued, 'the background flow\'s RTT: the standing queue').toBeGreaterThan(30);
    const echo = await server.call('startEcho');
    const run = (options: object) => client.call('roundTrips', { port: echo, options, subflows: 2, count: 30, settleMs: 1500 });

    const preferred = await run({ paths: { prefer: 'latency' } });
    const slow = preferred.rtts['192.0.2.2']!;
    const fast = preferred.rtts['198.51.100.2']!;
    expect(slow).toBeGreaterThan(10); // the standing queue (~0.1 s once full)
    expect(fast).toBeLessThan(slow / 4);
    // Round trips of the fast path's order, far below the slow path's.
    expect(preferred.medianMs).toBeLessThan(slow / 2);
    expect(preferred.medianMs).toBeLessThan(fast + 15);
    const cc = await hosts!.client.counters();
    expect(cc.MPTcpExtMPPrioTx).toBeGreaterThanOrEqual(1); // the slow subflow marked backup

    // The same without a preference: the kernel's scheduler keeps them on the initial, slow subflow.
    const aggregate = await run({ paths: 'aggregate' });
    expect(aggregate.medianMs).toBeGreaterThan(Math.max(10, 4 * preferred.medianMs));
  });

  it('with the in-kernel path manager a policy is refused, naming what to do instead', async () => {
    const { client } = await setup('kernel');
    const err = await client.call('connectWith', { paths: { backup: ['cleth2'] } });
    expect(err).toMatchObject({ code: 'ERR_MPTCP_USERSPACE_PM' });
    expect(err!.message).toContain('pm.setEndpointFlags(address, { backup: true })');
    expect(await client.call('connectWith', { paths: 'aggregate', failover: true })).toBeNull();
  });
});
