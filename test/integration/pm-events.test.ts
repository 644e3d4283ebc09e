// Path-manager events: the stream, the per-socket events, the CLI monitor
// (against `ip mptcp monitor`), and ENOBUFS turned into a 'lost' notice.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { TwoHosts } from '../../dist/testing/netns.js';
import type { Agent } from '../../dist/testing/agent-client.js';
import { fixtures, type Basics, type Events, type Traffic } from '../helpers/fixtures';
import { describeNetns } from '../helpers/integration';
import { expectMatchOnThisKernel, hasListenerEvents } from '../helpers/kernel';

const cli = path.join(__dirname, '..', '..', 'dist', 'cli', 'cli.js');

const modules = [fixtures.events, fixtures.traffic, fixtures.basics];
type Host = Events & Traffic & Basics;

describeNetns('path-manager events', () => {
  let hosts: TwoHosts;
  let server: Agent<Host>;
  let client: Agent<Host>;

  beforeEach(async () => {
    hosts = await TwoHosts.create({ paths: 2 });
    // The server announces its second address; the client accepts one announcement.
    await hosts.server.mptcpLimits({ subflows: 1, addAddrAccepted: 0 });
    await hosts.server.mptcpEndpoint('198.51.100.1', { dev: 'sreth2', flags: ['signal'] });
    await hosts.client.mptcpLimits({ subflows: 1, addAddrAccepted: 1 });
    [server, client] = await Promise.all([hosts.server.spawn<Host>(modules), hosts.client.spawn<Host>(modules)]);
  });
  afterEach(async () => {
    await hosts?.destroy();
  });

  /** Subscribes in the agent and records every event; 'stop' returns them. */
  const record = (a: Agent<Host>, key: string) => a.call('record', key);
  const stop = (a: Agent<Host>, key: string) => a.call('stop', key);

  it('an announced address: ANNOUNCED then SUB_ESTABLISHED, with ids, addresses and ports', async () => {
    await Promise.all([record(server, 'ev'), record(client, 'ev')]);
    const port = await server.call('startWatchedServer');
    const c = await client.call('connectWatched', port);
    const acc = await server.call('watchedAccepted');
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
    const late = await hosts.client.spawn<Events>(fixtures.events);
    const port = await server.call('startListener', { key: 'srv2', host: '0.0.0.0', accepted: 'read' });
    const got = await late.call('watchLate', port);
    await late.close();
    expect(got.open).toEqual(['subflow 198.51.100.2']);
  });

  it('filters by token, iterates with for await, and closes on abort', async () => {
    // No announcement yet: the address is announced once both connections are up.
    await hosts.server.ip('mptcp', 'endpoint', 'flush');
    const port = await server.call('startListener', { key: 'srv', host: '0.0.0.0', accepted: 'read' });
    await client.call('startFiltered', port);
    // The in-kernel PM announces a new signal endpoint to the connections it has.
    await hosts.server.mptcpEndpoint('198.51.100.1', { dev: 'sreth2', flags: ['signal'] });
    const got = await client.call('finishFiltered');
    expect(got).toEqual(['announced:true', 'sub_established:true']);
  });

  it('mptcp monitor prints what ip mptcp monitor prints, and --json the decoded events', async () => {
    const port = await server.call('startListener', { key: 'srv', host: '0.0.0.0', accepted: 'read-then-end' });
    const watch = (cmd: string, args: string[]) => {
      const child = spawn('ip', ['netns', 'exec', hosts.client.name, cmd, ...args]);
      let text = '';
      child.stdout.on('data', (d) => (text += d));
      return { child, text: () => text, done: new Promise((r) => child.once('exit', r)) };
    };
    const ours = watch(process.execPath, [cli, 'monitor']);
    const theirs = watch('ip', ['mptcp', 'monitor']);
    const asJson = watch(process.execPath, [cli, 'monitor', '--json']);
    // All three subscribed (as the kernel says: a fixed pause was too short on a busy machine,
    // and node starts slowly where the machine is emulated: test:kernel's VM).
    await client.call('waitSubscribers', 3, 20_000);
    await client.call('connectJoinClose', port);
    await vi.waitFor(
      () => {
        expect(ours.text()).toContain('CLOSED]');
        expect(theirs.text()).toContain('CLOSED]');
        expect(asJson.text()).toContain('"type":"closed"');
      },
      { timeout: 5000, interval: 20 },
    );
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
      .map((l) => JSON.parse(l) as { type: string })
      .filter((e) => !e.type.startsWith('listener_')); // as norm() leaves out LISTENER lines
    expect(decoded.map((e) => e.type)).toEqual(['created', 'established', 'announced', 'sub_established', 'closed']);
  });

  it('ENOBUFS: a reader too slow for a burst gets a lost notice, no error, and keeps receiving', async () => {
    const port = await server.call('startListener', { key: 'srv', host: '0.0.0.0', accepted: 'hang-up' });
    // A small receive buffer, and a reader that stops reading for a while.
    await client.call('startSlowReader');
    const burst = await hosts.client.spawn<Events>(fixtures.events);
    await burst.call('connectMany', port, 60);
    await burst.close();
    const after = await client.call('afterLoss', port);
    expect(after.lost).toBeGreaterThan(0);
    expect(after.errors).toEqual([]);
    expect(after.created).toBeGreaterThan(0);
  });
});
