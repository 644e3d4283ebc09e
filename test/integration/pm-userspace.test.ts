// The userspace path manager from Node (userspace_pm.sh and mptcp_join's
// "userspace pm" cases): subflows created and destroyed by token, addresses
// announced and withdrawn, backup set per subflow; every step confirmed by
// the events and by the kernel's counters.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { TwoHosts } from '../../dist/testing/netns.js';
import type { Agent } from '../../dist/testing/agent-client.js';
import { describeNetns } from '../helpers/integration';
import { expectMatchOnThisKernel, subflowCreateBindsDevice, userspacePathManager } from '../helpers/kernel';
import { startSink } from '../helpers/scenarios';

describeNetns('userspace path manager', () => {
  let hosts: TwoHosts;
  let server: Agent;
  let client: Agent;
  let port: number;

  beforeEach(async () => {
    hosts = await TwoHosts.create({ paths: 2 });
    await hosts.server.mptcpLimits({ subflows: 2, addAddrAccepted: 2 });
    [server, client] = await Promise.all([hosts.server.agent(), hosts.client.agent()]);
    port = await server.run(startSink);
  });
  afterEach(async () => {
    await hosts?.destroy();
  });

  /** Opens a connection in the client agent, with an event recorder, kept in state. */
  const open = () =>
    client.run(async ({ mptcp, state }, p: number) => {
      const ev = mptcp.pm.events();
      const seen: Record<string, unknown>[] = [];
      ev.on('event', (e) => seen.push(e as unknown as Record<string, unknown>));
      const s = mptcp.connect(p, '192.0.2.1');
      await new Promise((r) => s.once('connect', r));
      s.write(Buffer.alloc(1000));
      state.set('conn', { s, ev, seen });
      return { token: s.info()!.token!, localPort: s.localPort! };
    }, port);

  it('subflowCreate, the token’s address list, subflowDestroy; data intact', async () => {
    await hosts.client.sysctl(userspacePathManager);
    expect(await hosts.client.readSysctl('net.mptcp.pm_type')).toBe('1');
    const { token } = await open();
    const created = await client.run(async ({ mptcp, state, waitFor, require }, tk: number, p: number) => {
      const { s, seen } = state.get('conn') as { s: import('../../dist/index.js').Socket; seen: Record<string, unknown>[] };
      await mptcp.pm.subflowCreate(tk, { address: '198.51.100.2', id: 20, dev: 'cleth2' }, { address: '192.0.2.1', port: p });
      const ev = await waitFor(() => seen.find((e) => e.type === 'sub_established'), { what: 'SUB_ESTABLISHED' });
      return {
        ev,
        total: s.info()!.subflowsTotal ?? s.subflows().length, // subflowsTotal: 6.8+
        flows: s.subflows().map((f) => `${f.local.address}>${f.remote.address}:${f.remote.port}`),
        addresses: await mptcp.pm.endpoints({ token: tk }),
        ifindex: (await (async () => {
          // resolved from the agent's own folder, dist/testing/
          const { RouteSocket } = require('../netlink/rtnetlink') as typeof import('../../dist/netlink/rtnetlink.js');
          const r = RouteSocket.open();
          try {
            return (await r.link('cleth2')).index;
          } finally {
            r.close();
          }
        })()),
      };
    }, token, port);
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
    expect(created.addresses).toEqual([{ id: 20, address: '198.51.100.2', family: 'IPv4', flags: ['subflow'], ifindex: created.ifindex }]);
    let [sc, cc] = await Promise.all([hosts.server.counters(), hosts.client.counters()]);
    expectMatchOnThisKernel(cc, { MPTcpExtMPJoinSynTx: 1, MPTcpExtMPJoinSynAckRx: 1 });
    expect(sc).toMatchObject({ MPTcpExtMPJoinSynRx: 1, MPTcpExtMPJoinAckRx: 1 });

    const destroyed = await client.run(async ({ mptcp, state, waitFor, crypto }, tk: number, p: number) => {
      const { s, seen, ev } = state.get('conn') as {
        s: import('../../dist/index.js').Socket;
        seen: Record<string, unknown>[];
        ev: { close(): void };
      };
      const sf = s.subflows().find((f) => f.local.address === '198.51.100.2')!;
      await mptcp.pm.subflowDestroy(tk, { address: sf.local.address, port: sf.local.port }, { address: '192.0.2.1', port: p });
      const closed = await waitFor(() => seen.find((e) => e.type === 'sub_closed'), { what: 'SUB_CLOSED' });
      await waitFor(() => (s.info()!.subflowsTotal ?? s.subflows().length) === 1, { what: 'one subflow left' });
      const data = crypto.randomBytes(2 << 20);
      s.end(data);
      await new Promise((r) => s.once('close', r).resume());
      ev.close();
      return { closed, sha256: crypto.createHash('sha256').update(Buffer.concat([Buffer.alloc(1000), data])).digest('hex') };
    }, token, port);
    expect(destroyed.closed).toMatchObject({ type: 'sub_closed', token, localAddress: '198.51.100.2', localId: 20 });
    [sc, cc] = await Promise.all([hosts.server.counters(), hosts.client.counters()]);
    expect(cc.MPTcpExtRmSubflow).toBe(1);
    const received = await server.run(({ state, waitFor }) => waitFor(() => state.get('received')));
    expect(received).toEqual({ n: 1000 + (2 << 20), sha256: destroyed.sha256 });
  });

  it('a bad token is refused, and nothing happens', async () => {
    await hosts.client.sysctl(userspacePathManager);
    const { token } = await open();
    const got = await client.run(async ({ mptcp, state, sleep }, tk: number, p: number) => {
      const { seen } = state.get('conn') as { seen: unknown[] };
      const before = seen.length;
      const errors: Record<string, unknown>[] = [];
      for (const bad of [(tk ^ 0xffff) >>> 0, 0]) {
        try {
          await mptcp.pm.subflowCreate(bad, { address: '198.51.100.2', id: 21 }, { address: '192.0.2.1', port: p });
        } catch (err) {
          const e = err as Error & { code: string; command: string; extack?: string };
          errors.push({ code: e.code, command: e.command, extack: e.extack });
        }
      }
      await sleep(200);
      return { errors, newEvents: seen.length - before };
    }, token, port);
    expect(got.newEvents).toBe(0);
    expect(got.errors).toHaveLength(2);
    for (const e of got.errors) expect(e).toMatchObject({ code: 'EINVAL', command: 'SUBFLOW_CREATE' });
    expect(got.errors[0]!.extack).toMatch(/token/i);
    expectMatchOnThisKernel(await hosts.client.counters(), { MPTcpExtMPJoinSynTx: 0 });
  });

  it('the server announces and withdraws an address; the client sees both', async () => {
    await hosts.server.sysctl(userspacePathManager);
    await client.run(({ mptcp, state }) => {
      const ev = mptcp.pm.events();
      const seen: Record<string, unknown>[] = [];
      ev.on('event', (e) => seen.push(e as unknown as Record<string, unknown>));
      state.set('cev', { ev, seen });
    });
    const { localPort } = await open();
    const serverToken = await server.run(({ state, waitFor }) =>
      waitFor(() => (state.get('accepted') as import('../../dist/index.js').Socket | undefined)?.info()?.token),
    );
    await server.run(({ mptcp }, tk: number) => mptcp.pm.announce(tk, { address: '198.51.100.1', id: 10 }), serverToken);
    const announced = await client.run(({ state, waitFor }) =>
      waitFor(() => (state.get('cev') as { seen: Record<string, unknown>[] }).seen.find((e) => e.type === 'announced'), { what: 'ANNOUNCED' }),
    );
    expect(announced).toMatchObject({ type: 'announced', remoteId: 10, remoteAddress: '198.51.100.1', remotePort: port });
    await server.run(({ mptcp }, tk: number) => mptcp.pm.remove(tk, 10), serverToken);
    const removed = await client.run(({ state, waitFor }) =>
      waitFor(() => (state.get('cev') as { seen: Record<string, unknown>[] }).seen.find((e) => e.type === 'removed'), { what: 'REMOVED' }),
    );
    expect(removed).toMatchObject({ type: 'removed', remoteId: 10 });
    const [sc, cc] = await Promise.all([hosts.server.counters(), hosts.client.counters()]);
    expectMatchOnThisKernel(sc, { MPTcpExtAddAddrTx: 1, MPTcpExtRmAddrTx: 1 });
    expect(cc).toMatchObject({ MPTcpExtAddAddr: 1, MPTcpExtRmAddr: 1 });
    expect(localPort).toBeGreaterThan(0);
  });

  it('socket.setBackup sends MP_PRIO with the userspace PM; with the in-kernel PM it explains what to do', async () => {
    await hosts.client.sysctl(userspacePathManager);
    await server.run(({ mptcp, state }) => {
      const ev = mptcp.pm.events();
      const seen: Record<string, unknown>[] = [];
      ev.on('event', (e) => seen.push(e as unknown as Record<string, unknown>));
      state.set('sev', seen);
    });
    const { token } = await open();
    const changed = await client.run(async ({ mptcp, state, waitFor }, tk: number, p: number) => {
      const { s, seen } = state.get('conn') as { s: import('../../dist/index.js').Socket; seen: Record<string, unknown>[] };
      await mptcp.pm.subflowCreate(tk, { address: '198.51.100.2', id: 20, dev: 'cleth2' }, { address: '192.0.2.1', port: p });
      await waitFor(() => seen.find((e) => e.type === 'sub_established'), { what: 'the subflow' });
      return s.setBackup('198.51.100.2', true);
    }, token, port);
    expect(changed).toBe(1);
    const prio = await server.run(({ state, waitFor }) =>
      waitFor(() => (state.get('sev') as Record<string, unknown>[]).find((e) => e.type === 'sub_priority'), { what: 'SUB_PRIORITY' }),
    );
    expect(prio).toMatchObject({ type: 'sub_priority', remoteAddress: '198.51.100.2', backup: true });
    const [sc, cc] = await Promise.all([hosts.server.counters(), hosts.client.counters()]);
    expect(cc.MPTcpExtMPPrioTx).toBe(1);
    expect(sc.MPTcpExtMPPrioRx).toBe(1);

    // The in-kernel PM on the other end: per-connection backup is refused with a way out.
    const kernelSide = await server.run(async ({ state }) => {
      const s = state.get('accepted') as import('../../dist/index.js').Socket;
      try {
        await s.setBackup('192.0.2.1', true);
        return null;
      } catch (err) {
        const e = err as Error & { code: string };
        return { code: e.code, message: e.message };
      }
    });
    expect(kernelSide?.code).toBe('EINVAL');
    expect(kernelSide?.message).toMatch(/needs the userspace path manager.*setEndpointFlags\('192\.0\.2\.1', \{ backup: true \}\)/);
  });
});
