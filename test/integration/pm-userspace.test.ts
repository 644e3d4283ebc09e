// The userspace path manager from Node (userspace_pm.sh and mptcp_join's
// "userspace pm" cases): subflows created and destroyed by token, addresses
// announced and withdrawn, backup set per subflow; every step confirmed by
// the events and by the kernel's counters.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { TwoHosts } from '../../dist/testing/netns.js';
import type { Agent } from '../../dist/testing/agent-client.js';
import { fixtures, type Basics, type Traffic, type Userspace } from '../helpers/fixtures';
import { describeNetns } from '../helpers/integration';
import { expectMatchOnThisKernel, subflowCreateBindsDevice, tokenAddressLists, tokenIgnored, userspacePathManager } from '../helpers/kernel';

const modules = [fixtures.userspace, fixtures.traffic, fixtures.basics];
type Host = Userspace & Traffic & Basics;

describeNetns('userspace path manager', () => {
  let hosts: TwoHosts;
  let server: Agent<Host>;
  let client: Agent<Host>;
  let port: number;

  beforeEach(async () => {
    hosts = await TwoHosts.create({ paths: 2 });
    await hosts.server.mptcpLimits({ subflows: 2, addAddrAccepted: 2 });
    [server, client] = await Promise.all([hosts.server.spawn<Host>(modules), hosts.client.spawn<Host>(modules)]);
    port = await server.call('startSink');
  });
  afterEach(async () => {
    await hosts?.destroy();
  });

  /** Opens a connection in the client agent, with an event recorder, kept in state. */
  const open = () => client.call('open', port);

  it('subflowCreate, the token’s address list, subflowDestroy; data intact', async () => {
    await hosts.client.sysctl(userspacePathManager);
    expect(await hosts.client.readSysctl('net.mptcp.pm_type')).toBe('1');
    const { token } = await open();
    const created = await client.call('createSubflow', token, port);
    expect(created.ev).toMatchObject({
      type: 'sub_established',
      token,
      family: 'IPv4',
      localAddress: '198.51.100.2',
      remoteAddress: '192.0.2.1',
      remotePort: port,
      localId: 20,
      remoteId: 0,
      backup: false,
      ...(subflowCreateBindsDevice ? { ifindex: created.ifindex } : {}),
    });
    if (!subflowCreateBindsDevice) expect(created.ev).not.toHaveProperty('ifindex'); // an unbound subflow
    expect(created.total).toBe(2);
    expect(created.flows).toEqual([`192.0.2.2>192.0.2.1:${port}`, `198.51.100.2>192.0.2.1:${port}`]);
    expect(created.addresses).toEqual(
      tokenAddressLists ? [{ id: 20, address: '198.51.100.2', family: 'IPv4', flags: ['subflow'], ifindex: created.ifindex }] : tokenIgnored,
    );
    let [sc, cc] = await Promise.all([hosts.server.counters(), hosts.client.counters()]);
    expectMatchOnThisKernel(cc, { MPTcpExtMPJoinSynTx: 1, MPTcpExtMPJoinSynAckRx: 1 });
    expect(sc).toMatchObject({ MPTcpExtMPJoinSynRx: 1, MPTcpExtMPJoinAckRx: 1 });

    const destroyed = await client.call('destroySubflow', token, port);
    expect(destroyed.closed).toMatchObject({ type: 'sub_closed', token, localAddress: '198.51.100.2', localId: 20 });
    [sc, cc] = await Promise.all([hosts.server.counters(), hosts.client.counters()]);
    expect(cc.MPTcpExtRmSubflow).toBe(1);
    const received = await server.call('waitState', 'received');
    expect(received).toEqual({ n: 1000 + (2 << 20), sha256: destroyed.sha256 });
  });

  it('a bad token is refused, and nothing happens', async () => {
    await hosts.client.sysctl(userspacePathManager);
    const { token } = await open();
    const got = await client.call('createWithBadTokens', token, port);
    expect(got.newEvents).toBe(0);
    expect(got.errors).toHaveLength(2);
    for (const e of got.errors) expect(e).toMatchObject({ code: 'EINVAL', command: 'SUBFLOW_CREATE' });
    expect(got.errors[0]!.extack).toMatch(/token/i);
    expect(got.listed).toEqual(
      tokenAddressLists
        ? { code: 'EINVAL', errno: -22, syscall: 'netlink', command: 'GET_ADDR', message: 'mptcp_pm GET_ADDR EINVAL: invalid argument' } // a dump's error comes without extack
        : tokenIgnored,
    );
    expectMatchOnThisKernel(await hosts.client.counters(), { MPTcpExtMPJoinSynTx: 0 });
  });

  it('the server announces and withdraws an address; the client sees both', async () => {
    await hosts.server.sysctl(userspacePathManager);
    await client.call('recordEvents', 'cev');
    const { localPort } = await open();
    const serverToken = await server.call('acceptedToken');
    await server.call('announce', serverToken, { address: '198.51.100.1', id: 10 });
    const announced = await client.call('waitEvent', 'cev', 'announced', 'ANNOUNCED');
    expect(announced).toMatchObject({ type: 'announced', remoteId: 10, remoteAddress: '198.51.100.1', remotePort: port });
    await server.call('remove', serverToken, 10);
    const removed = await client.call('waitEvent', 'cev', 'removed', 'REMOVED');
    expect(removed).toMatchObject({ type: 'removed', remoteId: 10 });
    const [sc, cc] = await Promise.all([hosts.server.counters(), hosts.client.counters()]);
    expectMatchOnThisKernel(sc, { MPTcpExtAddAddrTx: 1, MPTcpExtRmAddrTx: 1 });
    expect(cc).toMatchObject({ MPTcpExtAddAddr: 1, MPTcpExtRmAddr: 1 });
    expect(localPort).toBeGreaterThan(0);
  });

  it('socket.setBackup sends MP_PRIO with the userspace PM; with the in-kernel PM it explains what to do', async () => {
    await hosts.client.sysctl(userspacePathManager);
    await server.call('recordEvents', 'sev');
    const { token } = await open();
    const changed = await client.call('createAndBackUp', token, port);
    expect(changed).toBe(1);
    const prio = await server.call('waitEvent', 'sev', 'sub_priority', 'SUB_PRIORITY');
    expect(prio).toMatchObject({ type: 'sub_priority', remoteAddress: '198.51.100.2', backup: true });
    const [sc, cc] = await Promise.all([hosts.server.counters(), hosts.client.counters()]);
    expect(cc.MPTcpExtMPPrioTx).toBe(1);
    expect(sc.MPTcpExtMPPrioRx).toBe(1);

    // The in-kernel PM on the other end: per-connection backup is refused with a way out.
    const kernelSide = await server.call('backUpAccepted');
    expect(kernelSide?.code).toBe('EINVAL');
    expect(kernelSide?.message).toMatch(/needs the userspace path manager.*setEndpointFlags\('192\.0\.2\.1', \{ backup: true \}\)/);
  });
});
