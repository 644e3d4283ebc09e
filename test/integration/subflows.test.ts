// More than one path: subflows from `subflow` endpoints (MP_JOIN) and from
// addresses the server announces (`signal`, ADD_ADDR). subflows() must list
// what the kernel built, and the MIB counters of both hosts must agree.
import { afterEach, expect, it } from 'vitest';
import { TwoHosts } from '../../dist/testing/netns.js';
import { fixtures, type Traffic } from '../helpers/fixtures';
import { describeNetns } from '../helpers/integration';
import { expectMatchOnThisKernel, kernelAtLeast } from '../helpers/kernel';

describeNetns('subflows over several paths', () => {
  let hosts: TwoHosts | undefined;
  afterEach(async () => {
    await hosts?.destroy();
    hosts = undefined;
  });

  it('a subflow endpoint adds a second subflow on the second path', async () => {
    hosts = await TwoHosts.create({ paths: 2 });
    await hosts.server.mptcpLimits({ subflows: 1, addAddrAccepted: 0 });
    await hosts.client.mptcpLimits({ subflows: 1, addAddrAccepted: 0 });
    await hosts.client.mptcpEndpoint('198.51.100.2', { dev: 'cleth2', flags: ['subflow'] });
    const [server, client] = await Promise.all([hosts.server.spawn<Traffic>(fixtures.traffic), hosts.client.spawn<Traffic>(fixtures.traffic)]);

    const size = 4 << 20;
    const port = await server.call('startServer', { host: '0.0.0.0', expect: size, reply: size });
    const c = await client.call('runClient', { host: '192.0.2.1', port, bytes: size, reply: size, waitSubflows: 2 });
    const [s] = await server.call('serverReports', 'server', 1);

    expect(s!.sha256).toBe(c.sha256);
    expect(c.replySha256).toBe(s!.replySha256);
    expect(c.multipath).toBe(true);
    expectMatchOnThisKernel(c.info, { subflowsTotal: 2, subflows: 1, subflowsMax: 1, localAddrUsed: 1, localAddrMax: 1 });
    expectMatchOnThisKernel(s!.info, { subflowsTotal: 2, subflows: 1 });

    // Client side: ids 1 and 2, the second from the endpoint's address, both to the server's initial address.
    const lanes = c.subflows.map((f) => ({ id: f.id, local: f.local.address, remote: `${f.remote.address}:${f.remote.port}` }));
    expect(lanes).toEqual([
      { id: 1, local: '192.0.2.2', remote: `192.0.2.1:${port}` },
      { id: 2, local: '198.51.100.2', remote: `192.0.2.1:${port}` },
    ]);
    expect(c.subflows[0]!.local.port).toBe(c.local.port);
    // The server sees the same two, from its side.
    expect(s!.subflows.map((f) => `${f.remote.address}>${f.local.address}:${f.local.port}`).sort()).toEqual([
      `192.0.2.2>192.0.2.1:${port}`,
      `198.51.100.2>192.0.2.1:${port}`,
    ]);
    // Both subflows are established TCP connections that carried data.
    for (const f of c.subflows) expect(f.tcpInfo.state).toBe(1);
    const sent = c.subflows.reduce((sum, f) => sum + (f.tcpInfo.bytesAcked as bigint) - 1n, 0n);
    // bytes_retrans is counted since 6.5. Beyond data and MPTCP-level retransmissions, a subflow also carries
    // the data-level zero-window probe: when the peer's MPTCP window is closed and all data is acked,
    // mptcp_sendmsg_frag() resends the last acked byte (data_seq = snd_una - 1), counted by no MIB. Each
    // such probe is one byte; a run that sends them has only a few.
    if (kernelAtLeast(6, 5)) {
      const probes = sent - BigInt(size) - (c.info!.bytesRetrans as bigint);
      expect(probes >= 0n && probes <= 8n, `subflow bytes acked ${sent}, data ${size}, retransmitted ${c.info!.bytesRetrans}`).toBe(true);
    }

    const [sc, cc] = await Promise.all([hosts.server.counters(), hosts.client.counters()]);
    expectMatchOnThisKernel(cc, { MPTcpExtMPJoinSynTx: 1, MPTcpExtMPJoinSynAckRx: 1, MPTcpExtMPJoinSynAckHMacFailure: 0 });
    expectMatchOnThisKernel(sc, { MPTcpExtMPJoinSynRx: 1, MPTcpExtMPJoinAckRx: 1, MPTcpExtMPJoinRejected: 0, MPTcpExtMPJoinAckHMacFailure: 0 });
  });

  it('two subflow endpoints on three paths give three subflows', async () => {
    hosts = await TwoHosts.create({ paths: 3 });
    await hosts.server.mptcpLimits({ subflows: 2, addAddrAccepted: 0 });
    await hosts.client.mptcpLimits({ subflows: 2, addAddrAccepted: 0 });
    await hosts.client.mptcpEndpoint('198.51.100.2', { dev: 'cleth2', flags: ['subflow'] });
    await hosts.client.mptcpEndpoint('203.0.113.2', { dev: 'cleth3', flags: ['subflow'] });
    const [server, client] = await Promise.all([hosts.server.spawn<Traffic>(fixtures.traffic), hosts.client.spawn<Traffic>(fixtures.traffic)]);
    const port = await server.call('startServer', { host: '0.0.0.0', expect: 1 << 20 });
    const c = await client.call('runClient', { host: '192.0.2.1', port, bytes: 1 << 20, waitSubflows: 3 });
    const [s] = await server.call('serverReports', 'server', 1);
    expect(s!.sha256).toBe(c.sha256);
    expectMatchOnThisKernel(c.info, { subflowsTotal: 3, subflows: 2 });
    expect(c.subflows.map((f) => f.local.address).sort()).toEqual(['192.0.2.2', '198.51.100.2', '203.0.113.2']);
    expect(c.subflows.map((f) => f.id).sort()).toEqual([1, 2, 3]);
    const [sc, cc] = await Promise.all([hosts.server.counters(), hosts.client.counters()]);
    expectMatchOnThisKernel(cc, { MPTcpExtMPJoinSynTx: 2, MPTcpExtMPJoinSynAckRx: 2 });
    expectMatchOnThisKernel(sc, { MPTcpExtMPJoinSynRx: 2, MPTcpExtMPJoinAckRx: 2, MPTcpExtMPJoinRejected: 0 });
  });

  it('a server limit rejects the join: one subflow, MPJoinRejected 1', async () => {
    hosts = await TwoHosts.create({ paths: 2 });
    await hosts.server.mptcpLimits({ subflows: 0, addAddrAccepted: 0 });
    await hosts.client.mptcpLimits({ subflows: 1, addAddrAccepted: 0 });
    await hosts.client.mptcpEndpoint('198.51.100.2', { dev: 'cleth2', flags: ['subflow'] });
    const [server, client] = await Promise.all([hosts.server.spawn<Traffic>(fixtures.traffic), hosts.client.spawn<Traffic>(fixtures.traffic)]);
    const port = await server.call('startServer', { host: '0.0.0.0', expect: 100_000 });
    // the attempt shows in the counters; wait for it, then for the data
    const c = await client.call('connectRefusedJoin', port);
    expect(c).toEqual({ subflowsTotal: 1, flows: 1 });
    const sc = await hosts.server.counters();
    expectMatchOnThisKernel(sc, { MPTcpExtMPJoinSynRx: 1, MPTcpExtMPJoinRejected: 1, MPTcpExtMPJoinAckRx: 0 });
  });

  it('an address the server announces (signal endpoint) becomes a subflow', async () => {
    hosts = await TwoHosts.create({ paths: 2 });
    await hosts.server.mptcpLimits({ subflows: 1, addAddrAccepted: 0 });
    await hosts.server.mptcpEndpoint('198.51.100.1', { dev: 'sreth2', flags: ['signal'] });
    await hosts.client.mptcpLimits({ subflows: 1, addAddrAccepted: 1 });
    const [server, client] = await Promise.all([hosts.server.spawn<Traffic>(fixtures.traffic), hosts.client.spawn<Traffic>(fixtures.traffic)]);
    const port = await server.call('startServer', { host: '0.0.0.0', expect: 1 << 20, reply: 1 << 20 });
    const c = await client.call('runClient', { host: '192.0.2.1', port, bytes: 1 << 20, reply: 1 << 20, waitSubflows: 2 });
    const [s] = await server.call('serverReports', 'server', 1);
    expect(s!.sha256).toBe(c.sha256);
    expect(c.replySha256).toBe(s!.replySha256);
    expectMatchOnThisKernel(c.info, { subflowsTotal: 2, subflows: 1, addAddrAccepted: 1 });
    expectMatchOnThisKernel(s!.info, { subflowsTotal: 2, subflows: 1, addAddrSignal: 1 });
    expect(c.subflows.map((f) => `${f.local.address}>${f.remote.address}`)).toEqual(['192.0.2.2>192.0.2.1', '198.51.100.2>198.51.100.1']);
    const [sc, cc] = await Promise.all([hosts.server.counters(), hosts.client.counters()]);
    expectMatchOnThisKernel(sc, { MPTcpExtAddAddrTx: 1, MPTcpExtEchoAdd: 1, MPTcpExtMPJoinSynRx: 1, MPTcpExtMPJoinAckRx: 1 });
    expectMatchOnThisKernel(cc, { MPTcpExtAddAddr: 1, MPTcpExtEchoAddTx: 1, MPTcpExtMPJoinSynTx: 1, MPTcpExtMPJoinSynAckRx: 1 });
  });

  it('IPv6: a second subflow on the second path', async () => {
    hosts = await TwoHosts.create({ paths: 2 });
    await hosts.server.mptcpLimits({ subflows: 1 });
    await hosts.client.mptcpLimits({ subflows: 1 });
    await hosts.client.mptcpEndpoint('2001:db8:2::2', { dev: 'cleth2', flags: ['subflow'] });
    const [server, client] = await Promise.all([hosts.server.spawn<Traffic>(fixtures.traffic), hosts.client.spawn<Traffic>(fixtures.traffic)]);
    const port = await server.call('startServer', { host: '::', expect: 1 << 20 });
    const c = await client.call('runClient', { host: '2001:db8:1::1', port, bytes: 1 << 20, waitSubflows: 2 });
    const [s] = await server.call('serverReports', 'server', 1);
    expect(s!.sha256).toBe(c.sha256);
    expect(c.subflows.map((f) => `${f.local.address}>${f.remote.address}:${f.remote.port}`)).toEqual([
      `2001:db8:1::2>2001:db8:1::1:${port}`,
      `2001:db8:2::2>2001:db8:1::1:${port}`,
    ]);
    expect(c.subflows.every((f) => f.local.family === 'IPv6' && f.remote.family === 'IPv6')).toBe(true);
    expect((await hosts.server.counters()).MPTcpExtMPJoinAckRx).toBe(1);
  });
});
