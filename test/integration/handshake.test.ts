// MPTCP between two hosts (namespaces): both ends report Multipath TCP, the
// connection-level counters equal the bytes moved, the subflow list matches
// the socket's addresses, and the kernel's MIB counters agree.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { TwoHosts } from '../../dist/testing/netns.js';
import type { Agent } from '../../dist/testing/agent-client.js';
import { fixtures, type Basics, type Traffic } from '../helpers/fixtures';
import { describeNetns } from '../helpers/integration';
import { expectMatchOnThisKernel, kernelAtLeast, tcpIsMptcp } from '../helpers/kernel';

const modules = [fixtures.traffic, fixtures.basics];

describeNetns('MPTCP connection between two hosts', () => {
  let hosts: TwoHosts;
  let server: Agent<Traffic & Basics>;
  let client: Agent<Traffic & Basics>;

  beforeEach(async () => {
    hosts = await TwoHosts.create({ paths: 1 });
    [server, client] = await Promise.all([hosts.server.spawn<Traffic & Basics>(modules), hosts.client.spawn<Traffic & Basics>(modules)]);
  });
  afterEach(async () => {
    await hosts?.destroy();
  });

  it.each([
    ['IPv4', '192.0.2.1', '192.0.2.1', '192.0.2.2'],
    ['IPv6', '2001:db8:1::1', '2001:db8:1::1', '2001:db8:1::2'],
    ['IPv4 to a dual-stack listener', '::', '192.0.2.1', '::ffff:192.0.2.2'],
    ['IPv6 to a dual-stack listener', '::', '2001:db8:1::1', '2001:db8:1::2'],
  ])('%s', async (_label, listenOn, connectTo, clientSeenAs) => {
    const port = await server.call('startServer', { host: listenOn, reply: 300_000, expect: 1_000_000 });
    const c = await client.call('runClient', { host: connectTo, port, bytes: 1_000_000, reply: 300_000 });
    const [s] = await server.call('serverReports', 'server', 1);

    // Data intact both ways.
    expect(s!.bytes).toBe(1_000_000);
    expect(s!.sha256).toBe(c.sha256);
    expect(c.reply).toBe(300_000);
    expect(c.replySha256).toBe(s!.replySha256);

    // Both ends are MPTCP end to end.
    expect(c.atConnect).toEqual({ multipath: true, reason: null });
    expect(c).toMatchObject({ multipath: true, reason: null, protocol: 262, isMptcpOption: tcpIsMptcp(true), instanceOfMptcpSocket: true });
    expect(s).toMatchObject({ multipath: true, reason: null, protocol: 262, isMptcpOption: tcpIsMptcp(true), instanceOfMptcpSocket: true });
    expect(s!.remote.address).toBe(clientSeenAs);

    // struct mptcp_info: tokens, and byte counters equal to what moved.
    expect(c.info!.token).not.toBe(0);
    expect(s!.info!.token).not.toBe(0);
    expect(c.info!.token).not.toBe(s!.info!.token); // each side reports its local token
    expect(c.info!.flags! & 2).toBe(2); // MPTCP_INFO_FLAG_REMOTE_KEY_RECEIVED
    expectMatchOnThisKernel(c.info, { subflowsTotal: 1, subflows: 0, bytesSent: 1_000_000n, bytesAcked: 1_000_000n, bytesReceived: 300_000n });
    expectMatchOnThisKernel(s!.info, { subflowsTotal: 1, subflows: 0, bytesReceived: 1_000_000n, bytesSent: 300_000n, bytesAcked: 300_000n });
    // The one subflow carried all of it: its TCP counters are the connection's,
    // plus the SYN, plus whatever MPTCP retransmitted at the connection level
    // (which the connection counts since 6.5 only).
    if (kernelAtLeast(6, 5)) {
      expect(c.subflows[0]!.tcpInfo.bytesAcked).toBe(1n + 1_000_000n + (c.info!.bytesRetrans as bigint));
      expect(c.subflows[0]!.tcpInfo.bytesReceived).toBe(300_000n + (s!.info!.bytesRetrans as bigint));
    }

    // One subflow, id 1, with the socket's own addresses.
    expect(c.subflows).toHaveLength(1);
    expect(c.subflows[0]).toMatchObject({
      id: 1,
      local: { address: c.local.address, port: c.local.port },
      remote: { address: c.remote.address, port },
    });
    expect(c.subflows[0]!.tcpInfo.state).toBe(1); // TCP_ESTABLISHED
    expect(s!.subflows[0]).toMatchObject({ id: 1, remote: { port: c.local.port } });

    // The kernel's own account: one MP_CAPABLE handshake each side.
    const [sc, cc] = await Promise.all([hosts.server.counters(), hosts.client.counters()]);
    expect(cc).toMatchObject({ MPTcpExtMPCapableSYNTX: 1, MPTcpExtMPCapableSYNACKRX: 1, MPTcpExtMPCapableFallbackSYNACK: 0 });
    expect(sc).toMatchObject({ MPTcpExtMPCapableSYNRX: 1, MPTcpExtMPCapableACKRX: 1, MPTcpExtMPCapableFallbackACK: 0 });
    expect(sc.MPTcpExtMPJoinSynRx).toBe(0);
  });

  it('keeps MPCurrEstab in step with open connections', async () => {
    const port = await server.call('startServer', { host: '192.0.2.1' });
    const held = await client.call('holdConnections', { host: '192.0.2.1', port, count: 3 });
    expect(held).toEqual([true, true, true]);
    await client.call('waitCounter', 'MPTcpExtMPCurrEstab', 3);
    await server.call('waitCounter', 'MPTcpExtMPCurrEstab', 3);
    await client.call('endHeld');
    await server.call('waitCounter', 'MPTcpExtMPCurrEstab', 0);
    expect((await hosts.server.counters()).MPTcpExtMPCapableSYNRX).toBe(3);
  });

  it("'require' connects when MPTCP is available", async () => {
    const port = await server.call('startServer', { host: '192.0.2.1', multipath: 'require' });
    const c = await client.call('runClient', { host: '192.0.2.1', port, bytes: 1000, multipath: 'require' });
    expect(c.multipath).toBe(true);
  });
});
