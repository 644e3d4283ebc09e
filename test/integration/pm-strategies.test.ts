// pm.manager() with the shipped strategies, on shaped links, while data
// flows: an address disappears mid-transfer and comes back, and every byte
// still arrives (SHA-256), with the subflows the strategy promised.
import { afterEach, expect, it } from 'vitest';
import { pathAddresses, TwoHosts } from '../../dist/testing/netns.js';
import type { Agent } from '../../dist/testing/agent-client.js';
import { describeNetns } from '../helpers/integration';
import { expectMatchOnThisKernel, userspacePathManager } from '../helpers/kernel';
import { startSink } from '../helpers/scenarios';

const SIZE = 24 << 20;

describeNetns('path-manager strategies', () => {
  let hosts: TwoHosts | undefined;
  afterEach(async () => {
    await hosts?.destroy();
    hosts = undefined;
  });

  async function setup(paths: number, strategy: 'fullmesh' | 'backup'): Promise<{ server: Agent; manager: Agent; sender: Agent; port: number }> {
    hosts = await TwoHosts.create({ paths });
    for (let i = 1; i <= paths; i++) {
      await hosts.server.shape(`sreth${i}`, { rateMbit: 40 });
      await hosts.client.shape(`cleth${i}`, { rateMbit: 40 });
    }
    await hosts.client.sysctl(userspacePathManager);
    await hosts.server.mptcpLimits({ subflows: 8, addAddrAccepted: 0 });
    const [server, manager, sender] = await Promise.all([hosts.server.agent(), hosts.client.agent(), hosts.client.agent()]);
    const port = await server.run(startSink);
    await manager.run(
      async ({ mptcp, state }, which: string) => {
        const strategy = which === 'fullmesh' ? mptcp.pm.strategies.fullmesh() : mptcp.pm.strategies.backup({ backup: 'cleth2' });
        const m = mptcp.pm.manager({ strategy });
        const actions: string[] = [];
        m.on('action', (a) => actions.push(`${a.action} ${a.local}${a.ok ? '' : ` FAILED ${a.error?.message}`}`));
        m.on('error', (e) => actions.push(`error ${e.message}`));
        state.set('manager', { m, actions });
        await m.ready;
      },
      strategy,
    );
    return { server, manager, sender, port };
  }

  /** Starts sending SIZE random bytes; resolves once `subflows` subflows carry the connection. */
  const startSending = (sender: Agent, port: number, subflows: number) =>
    sender.run(
      async ({ mptcp, state, crypto, waitFor }, p: number, size: number, want: number) => {
        const data = crypto.randomBytes(size);
        const s = mptcp.connect(p, '192.0.2.1');
        await new Promise((r) => s.once('connect', r));
        s.write(data.subarray(0, 1000));
        await waitFor(() => (s.info()!.subflowsTotal ?? s.subflows().length) === want, { what: `${want} subflows` }); // subflowsTotal: 6.8+
        const finished = new Promise<void>((r) => s.once('close', () => r()).resume());
        s.end(data.subarray(1000));
        state.set('sending', { s, finished, sha256: crypto.createHash('sha256').update(data).digest('hex') });
        return s.subflows().map((f) => f.local.address).sort();
      },
      port,
      SIZE,
      subflows,
    );

  const flows = (sender: Agent) =>
    sender.run(({ state }) => {
      const { s } = state.get('sending') as { s: import('../../dist/index.js').Socket };
      return { total: s.info()!.subflowsTotal ?? s.subflows().length, locals: s.subflows().map((f) => f.local.address).sort(), sent: String(s.info()!.bytesAcked) };
    });
  const waitTotal = (sender: Agent, total: number) =>
    sender.run(
      ({ state, waitFor }, t: number) => {
        const { s } = state.get('sending') as { s: import('../../dist/index.js').Socket };
        return waitFor(() => (s.info()!.subflowsTotal ?? s.subflows().length) === t, { what: `${t} subflows`, timeout: 15_000 });
      },
      total,
    );
  const finish = async (sender: Agent, server: Agent) => {
    const sent = await sender.run(async ({ state }) => {
      const { finished, sha256 } = state.get('sending') as { finished: Promise<void>; sha256: string };
      await finished;
      return sha256;
    });
    const received = await server.run(({ state, waitFor }) => waitFor(() => state.get('received'), { timeout: 30_000 }));
    return { sent, received };
  };

  it('fullmesh: a subflow per local address; one goes away mid-transfer and comes back', async () => {
    const { server, manager, sender, port } = await setup(3, 'fullmesh');
    expect(await startSending(sender, port, 3)).toEqual(['192.0.2.2', '198.51.100.2', '203.0.113.2']);

    // The second path's address goes away: its subflow is closed; the data keeps flowing.
    const p2 = pathAddresses(2);
    await hosts!.client.ip('addr', 'del', `${p2.client4}/24`, 'dev', 'cleth2');
    await waitTotal(sender, 2);
    const during = await flows(sender);
    expect(during.locals).toEqual(['192.0.2.2', '203.0.113.2']);

    // It comes back: a new subflow from it.
    await hosts!.client.ip('addr', 'add', `${p2.client4}/24`, 'dev', 'cleth2');
    await hosts!.client.ip('route', 'add', 'default', 'via', p2.server4, 'dev', 'cleth2', 'metric', '102');
    await waitTotal(sender, 3);
    const { sent, received } = await finish(sender, server);
    expect(received).toEqual({ n: SIZE, sha256: sent });

    const actions = await manager.run(({ state }) => (state.get('manager') as { actions: string[] }).actions);
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
    expect(await startSending(sender, port, 1)).toEqual(['192.0.2.2']);

    // The primary address goes away mid-transfer: the strategy moves the connection to cleth2.
    const p1 = pathAddresses(1);
    await hosts!.client.ip('addr', 'del', `${p1.client4}/24`, 'dev', 'cleth1');
    await sender.run(({ state, waitFor }) => {
      const { s } = state.get('sending') as { s: import('../../dist/index.js').Socket };
      return waitFor(() => s.subflows().some((f) => f.local.address === '198.51.100.2'), { what: 'the backup subflow', timeout: 15_000 });
    });
    expect((await flows(sender)).locals).toEqual(['198.51.100.2']);

    // The primary comes back: the connection returns to it and leaves the backup.
    await hosts!.client.ip('addr', 'add', `${p1.client4}/24`, 'dev', 'cleth1');
    await hosts!.client.ip('route', 'add', 'default', 'via', p1.server4, 'dev', 'cleth1', 'metric', '101');
    await sender.run(({ state, waitFor }) => {
      const { s } = state.get('sending') as { s: import('../../dist/index.js').Socket };
      return waitFor(
        () => {
          const l = s.subflows().map((f) => f.local.address);
          return l.length === 1 && l[0] === '192.0.2.2';
        },
        { what: 'the primary again', timeout: 15_000 },
      );
    });
    const { sent, received } = await finish(sender, server);
    expect(received).toEqual({ n: SIZE, sha256: sent });

    const actions = await manager.run(({ state }) => (state.get('manager') as { actions: string[] }).actions);
    expect(actions.map((a) => a.replace(/:\d+$/, ''))).toEqual([
      'subflowDestroy 192.0.2.2', // the address went away
      'subflowCreate 198.51.100.2', // the backup
      'subflowCreate 192.0.2.2', // the primary is back
      'subflowDestroy 198.51.100.2', // the backup is no longer needed
    ]);
  });

  it('fullmesh with announce: a server announces its other addresses, the client joins them', async () => {
    hosts = await TwoHosts.create({ paths: 2 });
    await hosts.server.sysctl(userspacePathManager);
    await hosts.client.mptcpLimits({ subflows: 1, addAddrAccepted: 1 }); // the client keeps the in-kernel PM
    const [server, manager, client] = await Promise.all([hosts.server.agent(), hosts.server.agent(), hosts.client.agent()]);
    await manager.run(async ({ mptcp, state }) => {
      const m = mptcp.pm.manager({ strategy: mptcp.pm.strategies.fullmesh({ announce: true }) });
      const actions: string[] = [];
      m.on('action', (a) => actions.push(`${a.action} ${a.local}${a.ok ? '' : ' FAILED'}`));
      state.set('m', { m, actions });
      await m.ready;
    });
    const port = await server.run(async ({ mptcp, state }) => {
      const srv = mptcp.createServer((s) => s.resume());
      state.set('srv', srv);
      await new Promise<void>((r) => srv.listen(0, '0.0.0.0', r));
      return (srv.address() as { port: number }).port;
    });
    const got = await client.run(async ({ mptcp, waitFor }, p: number) => {
      const s = mptcp.connect(p, '192.0.2.1');
      await new Promise((r) => s.once('connect', r));
      s.write('x');
      await waitFor(() => (s.info()!.subflowsTotal ?? s.subflows().length) === 2, { what: 'the join to the announced address' });
      const flows = s.subflows().map((f) => `${f.local.address}>${f.remote.address}`);
      s.destroy();
      return flows;
    }, port);
    expect(got).toEqual(['192.0.2.2>192.0.2.1', '198.51.100.2>198.51.100.1']);
    const actions = await manager.run(({ state }) => (state.get('m') as { actions: string[] }).actions);
    expect(actions).toEqual(['announce 198.51.100.1']);
    const [sc, cc] = await Promise.all([hosts.server.counters(), hosts.client.counters()]);
    expectMatchOnThisKernel(sc, { MPTcpExtAddAddrTx: 1, MPTcpExtMPJoinAckRx: 1 });
    expectMatchOnThisKernel(cc, { MPTcpExtAddAddr: 1, MPTcpExtMPJoinSynTx: 1 });
  });
});
