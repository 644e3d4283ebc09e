// Socket options on MPTCP sockets: set before connecting (socketOptions),
// they reach every subflow, including ones the path manager adds later;
// SO_BINDTODEVICE picks the path; SO_REUSEPORT shares a port.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TwoHosts } from '../../dist/testing/netns.js';
import type { Agent } from '../../dist/testing/agent-client.js';
import { fixtures, type Sockopt, type Traffic } from '../helpers/fixtures';
import { describeNetns } from '../helpers/integration';

describeNetns('socket options on MPTCP sockets', () => {
  let hosts: TwoHosts;
  let server: Agent<Traffic & Sockopt>;
  let client: Agent<Sockopt>;
  let port: number;

  beforeAll(async () => {
    hosts = await TwoHosts.create({ paths: 2 });
    await hosts.server.mptcpLimits({ subflows: 1 });
    await hosts.client.mptcpLimits({ subflows: 1 });
    await hosts.client.mptcpEndpoint('198.51.100.2', { dev: 'cleth2', flags: ['subflow'] });
    [server, client] = await Promise.all([
      hosts.server.spawn<Traffic & Sockopt>([fixtures.traffic, fixtures.sockopt]),
      hosts.client.spawn<Sockopt>(fixtures.sockopt),
    ]);
    port = await server.call('startServer', { host: '0.0.0.0' });
  });
  afterAll(async () => {
    await hosts?.destroy();
  });

  it('TCP_CONGESTION and SO_MARK set before connect apply to both subflows', async () => {
    const got = await client.call('connectRenoMarked', port);
    expect(got).toMatchObject({ cc: 'reno', mark: 7 });
    // ss shows each TCP subflow: both carry the msk's congestion control and mark.
    const { stdout } = await hosts.client.exec('ss', '-tnie', 'dst', '192.0.2.1');
    // ss prints a socket over two lines: addresses (and fwmark), then TCP details.
    const sockets = stdout.replace(/\n\t/g, ' ').split('\n');
    const subflows = sockets.filter((l) => l.includes('tcp-ulp-mptcp'));
    expect(subflows).toHaveLength(2);
    for (const line of subflows) {
      expect(line).toMatch(/\breno\b/);
      expect(line).toMatch(/fwmark:0x7\b/);
    }
    await client.call('destroyHeld');
  });

  it('SO_BINDTODEVICE before connect sends the connection over that path', async () => {
    const got = await client.call('connectBoundToCleth2', port);
    expect(got).toEqual({ local: '198.51.100.2', device: 'cleth2', multipath: true });
  });

  it('an option the device cannot take fails the connect with the kernel’s error, and no fd leaks', async () => {
    const got = await client.call('connectBoundToNothing', port);
    expect(got).toEqual({ code: 'ENODEV', syscall: 'setsockopt', option: 'SO_BINDTODEVICE', leaked: 0 });
  });

  it('reusePort lets two MPTCP listeners share a port, both MPTCP', async () => {
    const got = await server.call('shareAPort');
    expect(got).toEqual({ same: true, multipath: [true, true], reuse: [1, 1], third: 'EADDRINUSE' });
  });
});
