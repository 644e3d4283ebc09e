// Plain TCP wherever MPTCP cannot be had, with the reason reported and the
// data intact: a peer without MPTCP (either side), multipath: false, and
// net.mptcp.enabled=0 in the namespace ('disabled', and 'require' failing).
import { afterEach, beforeEach, expect, it } from 'vitest';
import { TwoHosts } from '../../dist/testing/netns.js';
import type { Agent } from '../../dist/testing/agent-client.js';
import { fixtures, type Basics, type Traffic } from '../helpers/fixtures';
import { describeNetns } from '../helpers/integration';
import { tcpIsMptcp } from '../helpers/kernel';

const modules = [fixtures.traffic, fixtures.basics];

describeNetns('fallback to TCP', () => {
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

  it('MPTCP client to a node:net server: peer fallback, data intact', async () => {
    const port = await server.call('startServer', { host: '192.0.2.1', module: 'net', reply: 50_000, expect: 200_000 });
    const c = await client.call('runClient', { host: '192.0.2.1', port, bytes: 200_000, reply: 50_000 });
    const [s] = await server.call('serverReports', 'server', 1);
    expect(s!.sha256).toBe(c.sha256);
    expect(c.replySha256).toBe(s!.replySha256);
    // The socket was made MPTCP (protocol 262) but the peer answered without MP_CAPABLE.
    expect(c).toMatchObject({ multipath: false, reason: 'peer', protocol: 262, isMptcpOption: tcpIsMptcp(false), info: null });
    expect(c.atConnect).toEqual({ multipath: false, reason: 'peer' });
    expect(c.subflows).toHaveLength(1);
    expect(c.subflows[0]!.remote).toMatchObject({ address: '192.0.2.1', port });
    expect(c.subflows[0]!.tcpInfo.bytesReceived).toBe(50_000n);
    // node:net's accepted socket: plain TCP that this package did not make.
    expect(s).toMatchObject({ multipath: false, reason: 'not-mptcp-socket', protocol: 6, info: null });
    const [sc, cc] = await Promise.all([hosts.server.counters(), hosts.client.counters()]);
    expect(cc).toMatchObject({ MPTcpExtMPCapableSYNTX: 1, MPTcpExtMPCapableSYNACKRX: 0, MPTcpExtMPCapableFallbackSYNACK: 1 });
    expect(sc.MPTcpExtMPCapableSYNRX).toBe(0);
  });

  it('node:net client to an MPTCP server: the accepted socket is plain TCP, reason peer', async () => {
    const port = await server.call('startServer', { host: '192.0.2.1', reply: 10_000, expect: 100_000 });
    const c = await client.call('runClient', { host: '192.0.2.1', port, bytes: 100_000, reply: 10_000, module: 'net' });
    const [s] = await server.call('serverReports', 'server', 1);
    expect(s!.sha256).toBe(c.sha256);
    expect(c.replySha256).toBe(s!.replySha256);
    expect(s).toMatchObject({ multipath: false, reason: 'peer', protocol: 6, isMptcpOption: tcpIsMptcp(false), info: null, instanceOfMptcpSocket: true });
    expect(c).toMatchObject({ multipath: false, reason: 'not-mptcp-socket', protocol: 6 });
    const sc = await hosts.server.counters();
    expect(sc).toMatchObject({ MPTcpExtMPCapableSYNRX: 0, MPTcpExtMPCapableACKRX: 0 });
    // The listener itself is MPTCP.
    expect(await server.call('isMultipath', 'server')).toBe(true);
  });

  it('multipath: false on either side: plain TCP, reason option-off', async () => {
    const port = await server.call('startServer', { host: '192.0.2.1', multipath: false, expect: 1000 });
    const c = await client.call('runClient', { host: '192.0.2.1', port, bytes: 1000, multipath: false });
    const [s] = await server.call('serverReports', 'server', 1);
    expect(c).toMatchObject({ multipath: false, reason: 'option-off', protocol: 6 });
    expect(s).toMatchObject({ multipath: false, reason: 'option-off', protocol: 6, sha256: c.sha256 });
    expect(await server.call('fallbackReason', 'server')).toBe('option-off');
    const [sc, cc] = await Promise.all([hosts.server.counters(), hosts.client.counters()]);
    expect(cc.MPTcpExtMPCapableSYNTX).toBe(0);
    expect(sc.MPTcpExtMPCapableSYNRX).toBe(0);
  });
});

describeNetns('net.mptcp.enabled=0 in the namespace', () => {
  let hosts: TwoHosts;
  let server: Agent<Traffic & Basics>;
  let client: Agent<Traffic & Basics>;

  beforeEach(async () => {
    hosts = await TwoHosts.create({ paths: 1, client: { mptcpEnabled: false }, server: { mptcpEnabled: false } });
    [server, client] = await Promise.all([hosts.server.spawn<Traffic & Basics>(modules), hosts.client.spawn<Traffic & Basics>(modules)]);
  });
  afterEach(async () => {
    await hosts?.destroy();
  });

  it('support() says disabled (ENOPROTOOPT)', async () => {
    const s = await client.call('support');
    expect(s).toMatchObject({ supported: false, reason: 'disabled', errno: 92, code: 'ENOPROTOOPT' });
  });

  it('connect and listen fall back with reason disabled, data intact', async () => {
    const port = await server.call('startServer', { host: '192.0.2.1', expect: 5000, reply: 5000 });
    const c = await client.call('runClient', { host: '192.0.2.1', port, bytes: 5000, reply: 5000 });
    const [s] = await server.call('serverReports', 'server', 1);
    expect(c).toMatchObject({ multipath: false, reason: 'disabled', protocol: 6, sha256: s!.sha256 });
    expect(s).toMatchObject({ multipath: false, reason: 'disabled', protocol: 6 });
    expect(await server.call('fallbackReason', 'server')).toBe('disabled');
  });

  it("'require' fails with ERR_MPTCP_UNAVAILABLE, on connect and on listen", async () => {
    const errors = await client.call('requireUnavailable');
    expect(errors[0]).toEqual({
      code: 'ERR_MPTCP_UNAVAILABLE',
      reason: 'disabled',
      errno: -92,
      syscall: 'socket',
      message: 'Multipath TCP is required but unavailable: MPTCP is disabled in this network namespace (sysctl net.mptcp.enabled=0)',
      events: [],
    });
    expect(errors[1]).toEqual({ code: 'ERR_MPTCP_UNAVAILABLE', reason: 'disabled', listening: false });
  });

  it('notices the sysctl changing while running', async () => {
    await hosts.client.sysctl({ 'net.mptcp.enabled': 1 });
    await hosts.server.sysctl({ 'net.mptcp.enabled': 1 });
    // The probe was cached as 'disabled' by an earlier call? Each socket tries anew.
    const port = await server.call('startServer', { host: '192.0.2.1', expect: 10, key: 'on' });
    const on = await client.call('runClient', { host: '192.0.2.1', port, bytes: 10 });
    expect(on.multipath).toBe(true);
    await hosts.client.sysctl({ 'net.mptcp.enabled': 0 });
    const off = await client.call('runClient', { host: '192.0.2.1', port, bytes: 10 });
    expect(off).toMatchObject({ multipath: false, reason: 'disabled' });
    expect((await client.call('support', { refresh: true })).reason).toBe('disabled');
  });
});
