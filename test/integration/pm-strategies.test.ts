// pm.manager() with the shipped strategies, on shaped links, while data
// flows: an address disappears mid-transfer and comes back, and every byte
// still arrives (SHA-256), with the subflows the strategy promised.
import { afterEach, expect, it } from 'vitest';
import { pathAddresses, TwoHosts } from '../../dist/testing/netns.js';
import type { Agent } from '../../dist/testing/agent-client.js';
import { fixtures, type Basics, type Traffic, type Userspace } from '../helpers/fixtures';
import { backupMoves, backupMovesExpected, describeNetns, explained } from '../helpers/integration';
import { expectMatchOnThisKernel, userspacePathManager } from '../helpers/kernel';

const SIZE = 24 << 20;

describeNetns('path-manager strategies', () => {
  let hosts: TwoHosts | undefined;
  afterEach(async () => {
    await hosts?.destroy();
    hosts = undefined;
  });

  async function setup(
    paths: number,
    strategy: 'fullmesh' | 'backup',
  ): Promise<{ server: Agent<Traffic & Basics>; manager: Agent<Userspace>; sender: Agent<Userspace>; port: number }> {
    hosts = await TwoHosts.create({ paths });
    for (let i = 1; i <= paths; i++) {
      await hosts.server.shape(`sreth${i}`, { rateMbit: 40 });
      await hosts.client.shape(`cleth${i}`, { rateMbit: 40 });
    }
    await hosts.client.sysctl(userspacePathManager);
    await hosts.server.mptcpLimits({ subflows: 8, addAddrAccepted: 0 });
    const [server, manager, sender] = await Promise.all([
      hosts.server.spawn<Traffic & Basics>([fixtures.traffic, fixtures.basics]),
      hosts.client.spawn<Userspace>(fixtures.userspace),
      hosts.client.spawn<Userspace>(fixtures.userspace),
    ]);
    const port = await server.call('startSink');
    await manager.call('startManager', strategy);
    return { server, manager, sender, port };
  }

  /**
   * Starts sending SIZE random bytes; resolves once `subflows` subflows carry the connection.
   * The last MiB waits for finish(), so the connection outlasts the moves however fast the rest went.
   */
  const startSending = (sender: Agent<Userspace>, port: number, subflows: number, size = SIZE) => sender.call('startSending', port, size, subflows, 1 << 20);

  const flows = (sender: Agent<Userspace>) => sender.call('flows');
  const waitTotal = (sender: Agent<Userspace>, total: number, manager: Agent<Userspace>) => explained(manager, sender.call('waitTotal', total));
  const finish = async (sender: Agent<Userspace>, server: Agent<Traffic & Basics>) => {
    const sent = await sender.call('sent');
    const received = await server.call('waitState', 'received', { timeout: 30_000 });
    return { sent, received };
  };

  it('fullmesh: a subflow per local address; one goes away mid-transfer and comes back', async () => {
    const { server, manager, sender, port } = await setup(3, 'fullmesh');
    // 3 × 40 Mbit/s: 64 MiB last ~4.5 s, so the address goes mid-transfer; under emulation it may come back after the
    // rest went, to a connection still open for its last MiB.
    expect(await startSending(sender, port, 3, 64 << 20)).toEqual(['192.0.2.2', '198.51.100.2', '203.0.113.2']);

    // The second path's address goes away: its subflow is closed; the data keeps flowing.
    const p2 = pathAddresses(2);
    await hosts!.client.ip('addr', 'del', `${p2.client4}/24`, 'dev', 'cleth2');
    await waitTotal(sender, 2, manager);
    const during = await flows(sender);
    expect(during.locals).toEqual(['192.0.2.2', '203.0.113.2']);

    // It comes back: a new subflow from it.
    await hosts!.client.ip('addr', 'add', `${p2.client4}/24`, 'dev', 'cleth2');
    await hosts!.restoreRoutes(2);
    await waitTotal(sender, 3, manager);
    const { sent, received } = await finish(sender, server);
    expect(received).toEqual({ n: 64 << 20, sha256: sent });

    const actions = await manager.call('actions', 'manager');
    expect(actions.filter((a) => a.startsWith('subflowCreate'))).toEqual([
      'subflowCreate 198.51.100.2',
      'subflowCreate 203.0.113.2',
      'subflowCreate 198.51.100.2',
    ]);
    expect(actions.filter((a) => a.startsWith('subflowDestroy'))).toEqual([expect.stringMatching(/^subflowDestroy 198\.51\.100\.2:\d+$/)]);
    const [sc, cc] = await Promise.all([hosts!.server.counters(), hosts!.client.counters()]);
    expectMatchOnThisKernel(cc, { MPTcpExtMPJoinSynTx: 3, MPTcpExtRmSubflow: 1 });
    expect(sc.MPTcpExtMPJoinAckRx).toBe(3);
  });

  it('backup: the second interface only when the first one’s subflow is gone, and back again', async () => {
    const { server, manager, sender, port } = await setup(2, 'backup');
    // 48 MiB at 40 Mbit/s: ~10 s, time for both moves (under emulation, the last MiB keeps the connection open for them).
    expect(await startSending(sender, port, 1, 48 << 20)).toEqual(['192.0.2.2']);

    // The primary address goes away mid-transfer: the strategy moves the connection to cleth2.
    const p1 = pathAddresses(1);
    await hosts!.client.ip('addr', 'del', `${p1.client4}/24`, 'dev', 'cleth1');
    await explained(manager, sender.call('waitSubflowFrom', '198.51.100.2', 'the backup subflow'));
    expect((await flows(sender)).locals).toEqual(['198.51.100.2']);

    // The primary comes back: the connection returns to it and leaves the backup.
    await hosts!.client.ip('addr', 'add', `${p1.client4}/24`, 'dev', 'cleth1');
    await hosts!.restoreRoutes(1);
    await explained(manager, sender.call('waitOnlySubflowFrom', '192.0.2.2', 'the primary again'));
    const { sent, received } = await finish(sender, server);
    expect(received).toEqual({ n: 48 << 20, sha256: sent });

    const report = await manager.call('managerReport');
    expect(backupMoves(report, '192.0.2.2', '198.51.100.2'), report.logs.join('\n')).toEqual(
      backupMovesExpected(report, '192.0.2.2', '198.51.100.2', 'subflowDestroy 192.0.2.2', [
        'subflowDestroy 192.0.2.2', // the address went away
        'subflowDestroy 198.51.100.2', // the backup, no longer needed once the primary is back
      ]),
    );
  });

  it('fullmesh with announce: a server announces its other addresses, the client joins them', async () => {
    hosts = await TwoHosts.create({ paths: 2 });
    await hosts.server.sysctl(userspacePathManager);
    await hosts.client.mptcpLimits({ subflows: 1, addAddrAccepted: 1 }); // the client keeps the in-kernel PM
    const [server, manager, client] = await Promise.all([
      hosts.server.spawn<Traffic>(fixtures.traffic),
      hosts.server.spawn<Userspace>(fixtures.userspace),
      hosts.client.spawn<Userspace>(fixtures.userspace),
    ]);
    await manager.call('startAnnouncer');
    const port = await server.call('startListener', { key: 'srv', host: '0.0.0.0', accepted: 'read' });
    const got = await client.call('joinAnnounced', port);
    expect(got).toEqual(['192.0.2.2>192.0.2.1', '198.51.100.2>198.51.100.1']);
    const actions = await manager.call('actions', 'announcer');
    expect(actions).toEqual(['announce 198.51.100.1']);
    const [sc, cc] = await Promise.all([hosts.server.counters(), hosts.client.counters()]);
    expectMatchOnThisKernel(sc, { MPTcpExtAddAddrTx: 1, MPTcpExtMPJoinAckRx: 1 });
    expectMatchOnThisKernel(cc, { MPTcpExtAddAddr: 1, MPTcpExtMPJoinSynTx: 1 });
  });
});
