// Path-manager events: the stream, the per-socket events, the CLI monitor
// (against `ip mptcp monitor`), and ENOBUFS turned into a 'lost' notice.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { TwoHosts } from '../../dist/testing/netns.js';
import type { Agent } from '../../dist/testing/agent-client.js';
import { describeNetns } from '../helpers/integration';
import { expectMatchOnThisKernel, hasListenerEvents } from '../helpers/kernel';

const cli = path.join(__dirname, '..', '..', 'dist', 'cli', 'cli.js');

describeNetns('path-manager events', () => {
  let hosts: TwoHosts;
  let server: Agent;
  let client: Agent;

  beforeEach(async () => {
    hosts = await TwoHosts.create({ paths: 2 });
    // The server announces its second address; the client accepts one announcement.
    await hosts.server.mptcpLimits({ subflows: 1, addAddrAccepted: 0 });
    await hosts.server.mptcpEndpoint('198.51.100.1', { dev: 'sreth2', flags: ['signal'] });
    await hosts.client.mptcpLimits({ subflows: 1, addAddrAccepted: 1 });
    [server, client] = await Promise.all([hosts.server.agent(), hosts.client.agent()]);
  });
  afterEach(async () => {
    await hosts?.destroy();
  });

  /** Subscribes in the agent and records every event; 'stop' returns them. */
  const record = (a: Agent, key: string) =>
    a.run(
      async ({ mptcp, state }, k: string) => {
        const ev = mptcp.pm.events();
        const seen: unknown[] = [];
        ev.on('event', (e) => seen.push(e));
        state.set(k, { ev, seen });
        await ev.ready;
      },
      key,
    );
  const stop = (a: Agent, key: string) =>
    a.run(
      async ({ state, sleep }, k: string) => {
        await sleep(100);
        const { ev, seen } = state.get(k) as { ev: { close(): void }; seen: unknown[] };
        ev.close();
        return seen as Record<string, unknown>[];
      },
      key,
    );

  it('an announced address: ANNOUNCED then SUB_ESTABLISHED, with ids, addresses and ports', async () => {
    await Promise.all([record(server, 'ev'), record(client, 'ev')]);
    const port = await server.run(async ({ mptcp, state }) => {
      const srv = mptcp.createServer({ allowHalfOpen: true }, (s) => {
        const events: unknown[] = [];
        s.on('subflow', (e) => events.push({ on: 'subflow', local: e.localAddress, remote: e.remoteAddress, localId: e.localId }));
        state.set('accepted', { s, events, token: s.info()?.token });
        s.on('end', () => s.end());
        s.resume();
      });
      state.set('srv', srv);
      await new Promise<void>((r) => srv.listen(0, '0.0.0.0', r));
      return (srv.address() as { port: number }).port;
    });
    const c = await client.run(async ({ mptcp, waitFor }, p: number) => {
      const s = mptcp.connect(p, '192.0.2.1');
      const events: unknown[] = [];
      s.on('announced', (e) => events.push({ on: 'announced', address: e.remoteAddress, port: e.remotePort, id: e.remoteId }));
      s.on('subflow', (e) => events.push({ on: 'subflow', local: e.localAddress, remote: e.remoteAddress, localId: e.localId, remoteId: e.remoteId }));
      await new Promise((r) => s.once('connect', r));
      s.write('hello');
      await waitFor(() => events.length >= 2, { what: 'the announcement and the subflow' });
      const token = s.info()!.token;
      const localPort = s.localPort;
      s.end();
      await new Promise((r) => s.once('close', r).resume());
      return { events, token, localPort };
    }, port);
    const acc = await server.run(({ state, waitFor }) => waitFor(() => (state.get('accepted') as { events: unknown[] } | undefined)?.events.length && state.get('accepted')));
    const [sev, cev] = await Promise.all([stop(server, 'ev'), stop(client, 'ev')]);

    expect(c.events).toEqual([
      { on: 'announced', address: '198.51.100.1', port, id: 1 },
      { on: 'subflow', local: '198.51.100.2', remote: '198.51.100.1', localId: 1, remoteId: 1 },
    ]);
    expect((acc as { events: unknown[] }).events).toEqual([{ on: 'subflow', local: '198.51.100.1', remote: '198.51.100.2', localId: 1 }]);

    // The client's stream, in order.
    expect(cev.map((e) => e.type)).toEqual(['created', 'established', 'announced', 'sub_established', 'closed']);
    expect(cev[0]).toEqual({
      type: 'created',
      token: c.token,
      family: 'IPv4',
      localAddress: '192.0.2.2',
      localPort: c.localPort,
      remoteAddress: '192.0.2.1',
      remotePort: port,
      localId: 0,
      remoteId: 0,
      serverSide: false,
      denyJoinId0: false,
      flags: 0,
    });
    expect(cev[2]).toEqual({ type: 'announced', token: c.token, family: 'IPv4', remoteAddress: '198.51.100.1', remotePort: port, remoteId: 1 });
    expect(cev[3]).toMatchObject({ type: 'sub_established', token: c.token, localAddress: '198.51.100.2', remoteAddress: '198.51.100.1', remotePort: port, localId: 1, remoteId: 1, backup: false });

    // The server's: its own listener, the connection (server side), the join.
    const listener = hasListenerEvents ? ['listener_created'] : [];
    expect(sev.map((e) => e.type)).toEqual([...listener, 'created', 'established', 'sub_established', 'closed']);
    if (hasListenerEvents) expect(sev[0]).toEqual({ type: 'listener_created', family: 'IPv4', localAddress: '0.0.0.0', localPort: port });
    expect(sev.find((e) => e.type === 'created')).toMatchObject({ serverSide: true, token: (acc as { token: number }).token, localPort: port });
    expect(sev.filter((e) => e.type === 'sub_established')).toHaveLength(1);

    const [sc, cc] = await Promise.all([hosts.server.counters(), hosts.client.counters()]);
    expectMatchOnThisKernel(sc, { MPTcpExtAddAddrTx: 1, MPTcpExtEchoAdd: 1, MPTcpExtMPJoinSynRx: 1, MPTcpExtMPJoinAckRx: 1 });
    expectMatchOnThisKernel(cc, { MPTcpExtAddAddr: 1, MPTcpExtEchoAddTx: 1, MPTcpExtMPJoinSynTx: 1, MPTcpExtMPJoinSynAckRx: 1 });
  });

  it('a socket watched only after it connected still gets its joins, once, and no false closes', async () => {
    // A fresh process: its first watcher starts the subscription after the connection.
    const late = await hosts.client.agent();
    const port = await server.run(async ({ mptcp, state }) => {
      const srv = mptcp.createServer((s) => s.resume());
      state.set('srv2', srv);
      await new Promise<void>((r) => srv.listen(0, '0.0.0.0', r));
      return (srv.address() as { port: number }).port;
    });
    const got = await late.run(async ({ mptcp, waitFor, sleep }, p: number) => {
      const s = mptcp.connect(p, '192.0.2.1');
      await new Promise((r) => s.once('connect', r));
      s.write('x');
      await waitFor(() => (s.info()!.subflowsTotal ?? s.subflows().length) === 2, { what: 'the join' }); // subflowsTotal: 6.8+
      // only now does anyone listen
      const seen: string[] = [];
      s.on('subflow', (e) => seen.push(`subflow ${e.localAddress}`));
      s.on('subflowClosed', (e) => seen.push(`closed ${e.localAddress}`));
      await waitFor(() => seen.length > 0, { what: 'the recovered join' });
      await sleep(300);
      const open = [...seen];
      s.destroy();
      return { open };
    }, port);
    await late.close();
    expect(got.open).toEqual(['subflow 198.51.100.2']);
  });

  it('filters by token, iterates with for await, and closes on abort', async () => {
    // No announcement yet: the address is announced once both connections are up.
    await hosts.server.ip('mptcp', 'endpoint', 'flush');
    const port = await server.run(async ({ mptcp, state }) => {
      const srv = mptcp.createServer((s) => s.resume());
      state.set('srv', srv);
      await new Promise<void>((r) => srv.listen(0, '0.0.0.0', r));
      return (srv.address() as { port: number }).port;
    });
    await client.run(async ({ mptcp, state }, p: number) => {
      const a = mptcp.connect(p, '192.0.2.1');
      const b = mptcp.connect(p, '192.0.2.1'); // another connection: filtered out
      await Promise.all([new Promise((r) => a.once('connect', r)), new Promise((r) => b.once('connect', r))]);
      a.write('x');
      b.write('x');
      const ac = new AbortController();
      const only = mptcp.pm.events({ token: a.info()!.token!, signal: ac.signal });
      const seen: string[] = [];
      const done = (async () => {
        for await (const e of only) seen.push(`${e.type}:${'token' in e ? e.token === a.info()?.token : 'none'}`);
      })();
      state.set('filter', { a, b, ac, seen, done, token: a.info()!.token });
    }, port);
    // The in-kernel PM announces a new signal endpoint to the connections it has.
    await hosts.server.mptcpEndpoint('198.51.100.1', { dev: 'sreth2', flags: ['signal'] });
    const got = await client.run(async ({ state, waitFor }) => {
      const f = state.get('filter') as {
        a: import('../../dist/index.js').Socket;
        b: import('../../dist/index.js').Socket;
        ac: AbortController;
        seen: string[];
        done: Promise<void>;
        token: number;
      };
      const total = (s: import('../../dist/index.js').Socket) => s.info()!.subflowsTotal ?? s.subflows().length; // subflowsTotal: 6.8+
      await waitFor(() => total(f.a) === 2 && total(f.b) === 2, { what: 'both joined' });
      await waitFor(() => f.seen.length === 2, { what: 'two events' });
      const whileOpen = [...f.seen];
      f.a.destroy();
      f.ac.abort();
      await f.done; // the iterator ends when the signal aborts
      f.b.destroy();
      return whileOpen;
    });
    expect(got).toEqual(['announced:true', 'sub_established:true']);
  });

  it('mptcp monitor prints what ip mptcp monitor prints, and --json the decoded events', async () => {
    const port = await server.run(async ({ mptcp, state }) => {
      const srv = mptcp.createServer((s) => s.resume().on('end', () => s.end()));
      state.set('srv', srv);
      await new Promise<void>((r) => srv.listen(0, '0.0.0.0', r));
      return (srv.address() as { port: number }).port;
    });
    const watch = (cmd: string, args: string[]) => {
      const child = spawn('ip', ['netns', 'exec', hosts.client.name, cmd, ...args]);
      let text = '';
      child.stdout.on('data', (d) => (text += d));
      return { child, text: () => text, done: new Promise((r) => child.once('exit', r)) };
    };
    const ours = watch(process.execPath, [cli, 'monitor']);
    const theirs = watch('ip', ['mptcp', 'monitor']);
    const asJson = watch(process.execPath, [cli, 'monitor', '--json']);
    // All three subscribed: each holds a generic netlink socket (16) that joined a
    // group. A fixed pause is not enough where node starts slowly (an emulated VM).
    const subscribed = (pid: number) => {
      try {
        const fds = fs.readdirSync(`/proc/${pid}/fd`).map((fd) => fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
        return fs.readFileSync(`/proc/${pid}/net/netlink`, 'utf8').split('\n').some((line) => {
          const [, protocol, , groups, , , , , , inode] = line.trim().split(/\s+/);
          return protocol === '16' && groups !== '00000000' && fds.includes(`socket:[${inode}]`);
        });
      } catch {
        return false; // not started yet
      }
    };
    await vi.waitFor(() => expect([ours, theirs, asJson].map((w) => subscribed(w.child.pid!))).toEqual([true, true, true]), {
      timeout: 20_000,
      interval: 50,
    });
    await client.run(async ({ mptcp, waitFor }, p: number) => {
      const s = mptcp.connect(p, '192.0.2.1');
      await new Promise((r) => s.once('connect', r));
      s.write('hi');
      await waitFor(() => (s.info()?.subflowsTotal ?? s.subflows().length) >= 2, { what: 'two subflows' }); // subflowsTotal: 6.8+
      s.end();
      await new Promise((r) => s.once('close', r).resume());
    }, port);
    await client.run(({ sleep }) => sleep(300));
    for (const w of [ours, theirs, asJson]) w.child.kill('SIGINT');
    await Promise.all([ours.done, theirs.done, asJson.done]);
    // iproute2 6.1 pads names to 14 and predates the listener events; compare what both know.
    const norm = (t: string) =>
      t
        .split('\n')
        .filter((l) => l && !l.includes('UNKNOWN') && !l.includes('LISTENER'))
        .map((l) => l.replace(/^\[\s*/, '['));
    expect(norm(ours.text())).toEqual(norm(theirs.text()));
    expect(norm(ours.text()).map((l) => l.slice(0, l.indexOf(']') + 1))).toEqual([
      '[CREATED]',
      '[ESTABLISHED]',
      '[ANNOUNCED]',
      '[SF_ESTABLISHED]',
      '[CLOSED]',
    ]);
    const decoded = asJson
      .text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string });
    expect(decoded.map((e) => e.type)).toEqual(['created', 'established', 'announced', 'sub_established', 'closed']);
  });

  it('ENOBUFS: a reader too slow for a burst gets a lost notice, no error, and keeps receiving', async () => {
    const port = await server.run(async ({ mptcp, state }) => {
      const srv = mptcp.createServer((s) => s.end());
      state.set('srv', srv);
      await new Promise<void>((r) => srv.listen(0, '0.0.0.0', r));
      return (srv.address() as { port: number }).port;
    });
    // A small receive buffer, and a reader that stops reading for a while.
    await client.run(async ({ mptcp, state }) => {
      const ev = mptcp.pm.events({ receiveBufferSize: 1024 });
      const out = { lost: 0, errors: [] as string[], created: 0 };
      ev.on('lost', () => out.lost++);
      ev.on('error', (e) => out.errors.push(e.message));
      ev.on('created', () => out.created++);
      state.set('slow', { ev, out });
      await ev.ready;
      setTimeout(() => {
        const until = Date.now() + 1500;
        while (Date.now() < until) {
          // busy: the event loop does not read the netlink socket
        }
      }, 50);
    });
    const burst = await hosts.client.agent();
    await burst.run(async ({ mptcp }, p: number) => {
      for (let i = 0; i < 60; i++) {
        const s = mptcp.connect(p, '192.0.2.1');
        await new Promise((r) => s.once('close', r).resume());
      }
    }, port);
    await burst.close();
    const after = await client.run(async ({ mptcp, state, waitFor }, p: number) => {
      const { out } = state.get('slow') as { out: { lost: number; errors: string[]; created: number } };
      await waitFor(() => out.lost > 0, { what: 'a lost notice' });
      const before = out.created;
      const s = mptcp.connect(p, '192.0.2.1');
      await new Promise((r) => s.once('close', r).resume());
      await waitFor(() => out.created > before, { what: 'events after the loss' });
      return out;
    }, port);
    expect(after.lost).toBeGreaterThan(0);
    expect(after.errors).toEqual([]);
    expect(after.created).toBeGreaterThan(0);
  });
});
