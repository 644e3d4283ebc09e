// Hostnames through the system resolver (getaddrinfo over a namespace's own
// /etc/hosts): several addresses, each attempt on its own MPTCP socket, the
// same events and errors as node:net, and a silent address timing out.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TwoHosts } from '../../dist/testing/netns.js';
import type { Agent } from '../../dist/testing/agent-client.js';
import { fixtures, type Basics, type Resolver, type Traffic } from '../helpers/fixtures';
import { describeNetns } from '../helpers/integration';

describeNetns('hostnames with several addresses', () => {
  let hosts: TwoHosts;
  let server: Agent<Traffic & Basics>;
  let client: Agent<Resolver>;
  let port: number;

  beforeAll(async () => {
    hosts = await TwoHosts.create({ paths: 2 });
    // getaddrinfo reads only files here: no query leaves the namespace.
    await hosts.client.etc({
      'nsswitch.conf': 'hosts: files\n',
      hosts: [
        '127.0.0.1 localhost',
        '2001:db8:1::1 srv.test', // nothing listens there: refused
        '192.0.2.1 srv.test',
        '2001:db8:2::99 slow.test', // the server drops replies to it: silent
        '192.0.2.1 slow.test',
        '203.0.113.1 gone.test', // an unreachable route: EHOSTUNREACH at once
        '',
      ].join('\n'),
    });
    // Replies to the client's 2001:db8:2::2 vanish, so a SYN to 2001:db8:2::99 gets no answer.
    await hosts.server.ip('addr', 'add', '2001:db8:2::99/64', 'dev', 'sreth2', 'nodad');
    await hosts.server.ip('-6', 'route', 'add', 'blackhole', '2001:db8:2::2/128');
    await hosts.client.ip('route', 'add', 'unreachable', '203.0.113.0/24');
    [server, client] = await Promise.all([
      hosts.server.spawn<Traffic & Basics>([fixtures.traffic, fixtures.basics]),
      hosts.client.spawn<Resolver>(fixtures.resolver),
    ]);
    port = await server.call('startServer', { host: '0.0.0.0' });
    // a second server that answers "ok" and hangs up
    await server.call('startListener', { key: 'ok', host: '192.0.2.1', accepted: 'hang-up', say: 'ok' });
  });
  afterAll(async () => {
    await hosts?.destroy();
  });

  const okPort = () => server.call('port', 'ok');

  const trace = (c: Agent<Resolver>, module: 'net' | 'mptcp', options: Record<string, unknown>) => c.call('trace', module, options);

  it('tries each address with its own MPTCP socket, exactly as node:net orders and reports them', async () => {
    const p = await okPort();
    const a = await trace(client, 'net', { host: 'srv.test', port: p });
    const b = await trace(client, 'mptcp', { host: 'srv.test', port: p });
    expect({ ...b, multipath: false }).toEqual(a);
    expect(b.events).toEqual([
      ['lookup', null, '2001:db8:1::1', 6, 'srv.test'],
      ['lookup', null, '192.0.2.1', 4, 'srv.test'],
      ['connectionAttempt', '2001:db8:1::1', 'PORT', 6],
      ['connectionAttemptFailed', '2001:db8:1::1', 'PORT', 6, 'ECONNREFUSED'],
      ['connectionAttempt', '192.0.2.1', 'PORT', 4],
      ['connect'],
      ['ready'],
    ]);
    expect(b).toMatchObject({ data: 'ok', multipath: true, remote: '192.0.2.1', fds: 0 });
    expect(a.multipath).toBe(false);
  });

  it('moves on when an address stays silent (attempt timeout)', async () => {
    const p = await okPort();
    const opts = { host: 'slow.test', port: p, autoSelectFamilyAttemptTimeout: 250 };
    const a = await trace(client, 'net', opts);
    const b = await trace(client, 'mptcp', opts);
    expect({ ...b, multipath: false }).toEqual(a);
    expect(b.events.map((e) => e[0])).toEqual([
      'lookup',
      'lookup',
      'connectionAttempt',
      'connectionAttemptTimeout',
      'connectionAttempt',
      'connect',
      'ready',
    ]);
    expect(b).toMatchObject({ data: 'ok', multipath: true, remote: '192.0.2.1', fds: 0 });
  });

  it('uses the one address of a single-address name, with one lookup event', async () => {
    const a = await trace(client, 'net', { host: 'gone.test', port });
    const b = await trace(client, 'mptcp', { host: 'gone.test', port });
    expect(b).toEqual(a);
    expect(b.events[0]).toEqual(['lookup', null, '203.0.113.1', 4, 'gone.test']);
    expect(b.events.at(-1)).toEqual(['error', 'EHOSTUNREACH']);
  });

  it('ENOTFOUND for a name the resolver does not know', async () => {
    const a = await trace(client, 'net', { host: 'nowhere.test', port });
    const b = await trace(client, 'mptcp', { host: 'nowhere.test', port });
    expect(b).toEqual(a);
    expect(b.events).toEqual([
      ['lookup', 'ENOTFOUND', null, null, 'nowhere.test'], // undefined, as JSON
      ['error', 'ENOTFOUND'],
    ]);
  });

  it('family: 6 and family: 4 resolve and connect as node:net does', async () => {
    const p = await okPort();
    for (const family of [4, 6]) {
      const a = await trace(client, 'net', { host: 'srv.test', port: p, family });
      const b = await trace(client, 'mptcp', { host: 'srv.test', port: p, family });
      expect({ ...b, multipath: false }).toEqual(a);
    }
  });

  it('autoSelectFamily: false takes the first address only', async () => {
    const p = await okPort();
    const a = await trace(client, 'net', { host: 'srv.test', port: p, autoSelectFamily: false });
    const b = await trace(client, 'mptcp', { host: 'srv.test', port: p, autoSelectFamily: false });
    expect(b).toEqual(a);
    expect(b.events.at(-1)).toEqual(['error', 'ECONNREFUSED']);
  });
});
