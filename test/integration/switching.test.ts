// Switching: the active path blackholes (every packet dropped on arrival,
// both ways: TwoHosts.blackhole) or its link goes down mid-transfer. With
// `failover`, the stalled subflow is closed at once and its data sent again
// on the other path; without another path there is nothing to move, and
// nothing is done. Every byte arrives (SHA-256); the stall is bounded
// generously (this machine's figures are in the `switching` benchmark).
import { afterEach, expect, it } from 'vitest';
import { TwoHosts } from '../../dist/testing/netns.js';
import type { Agent } from '../../dist/testing/agent-client.js';
import { fixtures, type Switching, type Userspace, type Traffic, type Basics } from '../helpers/fixtures';
import { backupMoves, backupMovesExpected, describeNetns, differingBlocks, explained } from '../helpers/integration';
import { expectMatchOnThisKernel, kernelAtLeast, userspacePathManager } from '../helpers/kernel';

const SIZE = 24 << 20;
const RATE = 40; // Mbit/s per path
/** What a receive stall must stay under with failover: ~0.1 s here when the machine is quiet. */
const STALL_BOUND_MS = 1500;

describeNetns('switching: failover when the active path dies', () => {
  let hosts: TwoHosts | undefined;
  afterEach(async () => {
    await hosts?.destroy();
    hosts = undefined;
  });

  /** Two hosts, `paths` shaped paths; the in-kernel PM with a subflow endpoint on path 2 (unless userspace). */
  async function setup(paths: number, pm: 'kernel' | 'userspace' = 'kernel'): Promise<{ server: Agent<Switching>; client: Agent<Switching> }> {
    hosts = await TwoHosts.create({ paths });
    for (let i = 1; i <= paths; i++) {
      await hosts.server.shape(`sreth${i}`, { rateMbit: RATE });
      await hosts.client.shape(`cleth${i}`, { rateMbit: RATE });
    }
    await hosts.blackhole(1, false); // set up: the fault is then one tc command per end
    await hosts.server.mptcpLimits({ subflows: 4, addAddrAccepted: 0 });
    if (pm === 'userspace') await hosts.client.sysctl(userspacePathManager);
    else if (paths > 1) {
      await hosts.client.mptcpLimits({ subflows: 4, addAddrAccepted: 0 });
      await hosts.client.mptcpEndpoint('198.51.100.2', { dev: 'cleth2', flags: ['subflow'] });
    }
    const [server, client] = await Promise.all([hosts.server.spawn<Switching>(fixtures.switching), hosts.client.spawn<Switching>(fixtures.switching)]);
    return { server, client };
  }

  it('blackhole on the active path (in-kernel PM): its subflow is closed at once, the data goes on over the other', async () => {
    const { server, client } = await setup(2);
    const port = await server.call('startSink');
    expect(await client.call('startSending', { port, size: SIZE, subflows: 2, options: { failover: true } })).toEqual(['192.0.2.2', '198.51.100.2']);
    const since = await client.call('clock');
    await hosts!.blackhole(1);

    const ev = await client.call('senderEvent', 'failover');
    expect(ev).toMatchObject({ action: 'sockDestroy', ok: true, subflow: { local: { address: '192.0.2.2' }, interface: 'cleth1' } });
    expect(['no-ack', 'rto']).toContain(ev.signal);
    const sent = await client.call('sent');
    const got = await server.call('received', since);
    expect({ n: got.n, sha256: got.sha256 }, differingBlocks(got, sent)).toEqual({ n: SIZE, sha256: sent.sha256 });
    expect(sent.events).toHaveLength(1);
    expect(got.stallMs).toBeLessThan(STALL_BOUND_MS);
    const cc = await hosts!.client.counters();
    // SOCK_DESTROY aborts the subflow: a reset carrying MP_RST (lost in the blackhole).
    expectMatchOnThisKernel(cc, { MPTcpExtMPJoinSynTx: 1, MPTcpExtMPRstTx: 1 });
  });

  it('link down on the active path (in-kernel PM): failover acts on the link state, before any timeout', async () => {
    const { server, client } = await setup(2);
    const port = await server.call('startSink');
    // Thresholds far above the bound: only the link state can act in time (under emulation, a slow
    // machine, a stall detected from tcp_info could otherwise come first).
    await client.call('startSending', { port, size: SIZE, subflows: 2, options: { failover: { rtts: 100, minMs: 5000 } } });
    const since = await client.call('clock');
    await hosts!.client.ip('link', 'set', 'cleth1', 'down');

    const ev = await client.call('senderEvent', 'failover');
    expect(ev).toMatchObject({ signal: 'link-down', action: 'sockDestroy', ok: true, stalledMs: 0, subflow: { local: { address: '192.0.2.2' } } });
    expect((ev.at as number) - since).toBeLessThan(STALL_BOUND_MS);
    const sent = await client.call('sent');
    const got = await server.call('received', since);
    expect({ n: got.n, sha256: got.sha256 }, differingBlocks(got, sent)).toEqual({ n: SIZE, sha256: sent.sha256 });
    expect(got.stallMs).toBeLessThan(STALL_BOUND_MS);
  });

  it('no other path: a blackhole of one second moves nothing, and every byte arrives once it heals', async () => {
    const { server, client } = await setup(1);
    const port = await server.call('startSink');
    await client.call('startSending', { port, size: 8 << 20, options: { failover: true } });
    const since = await client.call('clock');
    await hosts!.blackhole(1);
    await new Promise((r) => setTimeout(r, 1000));
    await hosts!.blackhole(1, false);
    const sent = await client.call('sent');
    const got = await server.call('received', since);
    expect({ n: got.n, sha256: got.sha256 }, differingBlocks(got, sent)).toEqual({ n: 8 << 20, sha256: sent.sha256 });
    expect(sent.events).toEqual([]); // nowhere to go: the kernel keeps retransmitting on it
    // The stall is the blackhole plus the retransmission timer's backoff, never a reset.
    expect(got.stallMs).toBeGreaterThanOrEqual(900);
    expect(got.stallMs).toBeLessThan(10_000);
    expect((await hosts!.client.counters()).MPTcpExtMPRstTx ?? 0).toBe(0);
  });

  it('no other path: the link goes down for a second and comes back; nothing is closed, every byte arrives', async () => {
    const { server, client } = await setup(1);
    const port = await server.call('startSink');
    await client.call('startSending', { port, size: 8 << 20, options: { failover: true } });
    const since = await client.call('clock');
    await hosts!.client.ip('link', 'set', 'cleth1', 'down');
    await new Promise((r) => setTimeout(r, 1000));
    await hosts!.client.ip('link', 'set', 'cleth1', 'up');
    const sent = await client.call('sent');
    const got = await server.call('received', since);
    expect({ n: got.n, sha256: got.sha256 }, differingBlocks(got, sent)).toEqual({ n: 8 << 20, sha256: sent.sha256 });
    expect(sent.events).toEqual([]);
    expect(got.stallMs).toBeGreaterThanOrEqual(900);
    expect(got.stallMs).toBeLessThan(10_000);
  });

  it('userspace PM: paths aggregate opens the second subflow; failover closes the blackholed one and a probe join brings the path back', async () => {
    const { server, client } = await setup(2, 'userspace');
    const port = await server.call('startSink');
    // The last MiB waits for sent(): the connection is still open for the probe, however fast the rest went.
    await client.call('startSending', { port, size: SIZE, hold: 1 << 20, subflows: 2, options: { failover: true, paths: 'aggregate' } });
    const since = await client.call('clock');
    await hosts!.blackhole(1);
    const ev = await client.call('senderEvent', 'failover');
    expect(ev).toMatchObject({ action: 'sockDestroy', ok: true, subflow: { local: { address: '192.0.2.2' } } });
    await new Promise((r) => setTimeout(r, 1500));
    await hosts!.blackhole(1, false);
    const back = await client.call('senderEvent', 'recovered', 45_000);
    expect(back).toMatchObject({ signal: 'probe', action: 'subflowCreate', subflow: { local: { address: '192.0.2.2' }, interface: 'cleth1' } });
    expect(back.downMs as number).toBeGreaterThanOrEqual(1000);
    const sent = await client.call('sent');
    const got = await server.call('received', since);
    expect({ n: got.n, sha256: got.sha256 }, differingBlocks(got, sent)).toEqual({ n: SIZE, sha256: sent.sha256 });
    const [sc, cc] = await Promise.all([hosts!.server.counters(), hosts!.client.counters()]);
    // Joins that completed: the second path's, and the probe that found path 1 again; on a slow machine
    // (emulation) a probe given up after 1.5 s may still complete at the server, once or twice.
    expect(sc.MPTcpExtMPJoinAckRx).toBeGreaterThanOrEqual(2);
    expect(sc.MPTcpExtMPJoinAckRx).toBeLessThanOrEqual(4);
    expect(cc.MPTcpExtMPRstTx).toBe(1);
    if (kernelAtLeast(6, 12)) expect(cc.MPTcpExtMPJoinSynTx).toBeGreaterThanOrEqual(2); // the counter is 6.12+
  }, 90_000);

  it('server side: createServer({ failover }) moves its own sending off a blackholed path', async () => {
    const { server, client } = await setup(2);
    const port = await server.call('startSink', { options: { failover: true }, send: SIZE });
    await client.call('startDownload', { port, subflows: 2 });
    await new Promise((r) => setTimeout(r, 500));
    const since = await client.call('clock');
    await hosts!.blackhole(1);
    const got = await client.call('downloaded', since);
    expect(got).toMatchObject({ n: SIZE, sha256: await server.call('sha256Sent') });
    expect(got.stallMs).toBeLessThan(STALL_BOUND_MS);
    expect(await server.call('sinkEvents')).toEqual([
      expect.objectContaining({ event: 'failover', action: 'sockDestroy', ok: true, subflow: expect.objectContaining({ local: expect.objectContaining({ address: '192.0.2.1' }) }) }),
    ]);
  });
});

describeNetns('switching: pm.manager strategies react to link state and stalls', () => {
  let hosts: TwoHosts | undefined;
  afterEach(async () => {
    await hosts?.destroy();
    hosts = undefined;
  });

  async function setup(): Promise<{ server: Agent<Traffic & Basics>; manager: Agent<Userspace>; sender: Agent<Userspace>; port: number }> {
    hosts = await TwoHosts.create({ paths: 2 });
    for (let i = 1; i <= 2; i++) {
      await hosts.server.shape(`sreth${i}`, { rateMbit: RATE });
      await hosts.client.shape(`cleth${i}`, { rateMbit: RATE });
    }
    await hosts.client.sysctl(userspacePathManager);
    await hosts.server.mptcpLimits({ subflows: 8, addAddrAccepted: 0 });
    const [server, manager, sender] = await Promise.all([
      hosts.server.spawn<Traffic & Basics>([fixtures.traffic, fixtures.basics]),
      hosts.client.spawn<Userspace>(fixtures.userspace),
      hosts.client.spawn<Userspace>(fixtures.userspace),
    ]);
    const port = await server.call('startSink');
    await manager.call('startManager', 'backup');
    return { server, manager, sender, port };
  }

  const finish = async (sender: Agent<Userspace>, server: Agent<Traffic & Basics>) => {
    const sent = await sender.call('sent');
    const received = await server.call('waitState', 'received', { timeout: 60_000 });
    return { sent, received };
  };
  const plain = (actions: string[]) => actions.map((a) => a.replace(/:\d+$/, ''));

  it('backup: the primary link goes down with its address kept; the transfer moves at once, and back when the link returns', async () => {
    const { server, manager, sender, port } = await setup();
    // The last MiB waits for finish() (as below): the connection outlasts both moves, however fast the rest went.
    expect(await sender.call('startSending', port, SIZE, 1, 1 << 20)).toEqual(['192.0.2.2']);
    const t0 = Date.now();
    await hosts!.client.ip('link', 'set', 'cleth1', 'down');
    await explained(manager, sender.call('waitOnlySubflowFrom', '198.51.100.2', 'the backup subflow, alone'));
    expect(Date.now() - t0).toBeLessThan(5000); // was: nothing for 20 s
    await hosts!.client.ip('link', 'set', 'cleth1', 'up');
    await hosts!.restoreRoutes(1);
    await explained(manager, sender.call('waitOnlySubflowFrom', '192.0.2.2', 'the primary again'));
    const { sent, received } = await finish(sender, server);
    expect(received).toEqual({ n: SIZE, sha256: sent });
    const report = await manager.call('managerReport');
    expect(backupMoves(report, '192.0.2.2', '198.51.100.2'), report.logs.join('\n')).toEqual(
      backupMovesExpected(report, '192.0.2.2', '198.51.100.2', 'subflowCreate 198.51.100.2', [
        'sockDestroy 192.0.2.2', // the primary's subflow, once the backup carries the data (the link went down)
        'subflowDestroy 198.51.100.2', // the backup, once the primary holds again (the link is up)
      ]),
    );
  });

  it('backup: the primary blackholes (no link change); the stall switches, a probe join returns once it heals', async () => {
    const { server, manager, sender, port } = await setup();
    await sender.call('startSending', port, SIZE, 1, 1 << 20);
    const t0 = Date.now();
    await hosts!.blackhole(1);
    await explained(manager, sender.call('waitOnlySubflowFrom', '198.51.100.2', 'the backup subflow, alone'));
    expect(Date.now() - t0).toBeLessThan(5000);
    await new Promise((r) => setTimeout(r, 1500));
    await hosts!.blackhole(1, false);
    await explained(manager, sender.call('waitOnlySubflowFrom', '192.0.2.2', 'the primary again, through the probe'));
    const { sent, received } = await finish(sender, server);
    expect(received).toEqual({ n: SIZE, sha256: sent });
    const report = await manager.call('managerReport');
    const actions = plain(report.actions);
    expect(actions.slice(0, 2), report.logs.join('\n')).toEqual(['subflowCreate 198.51.100.2', 'sockDestroy 192.0.2.2']);
    expect(actions.slice(-2), report.logs.join('\n')).toEqual(['subflowCreate 192.0.2.2', 'subflowDestroy 198.51.100.2']);
  }, 90_000);
});
