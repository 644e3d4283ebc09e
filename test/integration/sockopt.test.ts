// Socket options on MPTCP sockets: set before connecting (socketOptions),
// they reach every subflow, including ones the path manager adds later;
// SO_BINDTODEVICE picks the path; SO_REUSEPORT shares a port.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TwoHosts } from '../../dist/testing/netns.js';
import type { Agent } from '../../dist/testing/agent-client.js';
import { describeNetns } from '../helpers/integration';
import { startServer } from '../helpers/scenarios';

describeNetns('socket options on MPTCP sockets', () => {
  let hosts: TwoHosts;
  let server: Agent;
  let client: Agent;
  let port: number;

  beforeAll(async () => {
    hosts = await TwoHosts.create({ paths: 2 });
    await hosts.server.mptcpLimits({ subflows: 1 });
    await hosts.client.mptcpLimits({ subflows: 1 });
    await hosts.client.mptcpEndpoint('198.51.100.2', { dev: 'cleth2', flags: ['subflow'] });
    [server, client] = await Promise.all([hosts.server.agent(), hosts.client.agent()]);
    port = await server.run(startServer, { host: '0.0.0.0' });
  });
  afterAll(async () => {
    await hosts?.destroy();
  });

  it('TCP_CONGESTION and SO_MARK set before connect apply to both subflows', async () => {
    const got = await client.run(async ({ mptcp, waitFor, state }, p: number) => {
      const s = mptcp.connect({ port: p, host: '192.0.2.1', socketOptions: { TCP_CONGESTION: 'reno', SO_MARK: 7 } });
      await new Promise((r) => s.once('connect', r));
      s.write('x');
      await waitFor(() => (s.info()?.subflowsTotal ?? s.subflows().length) >= 2, { what: 'two subflows' }); // subflowsTotal: 6.8+
      state.set('held', s);
      return { cc: s.getsockopt('TCP_CONGESTION'), mark: s.getsockopt('SO_MARK'), local: s.localPort };
    }, port);
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
    await client.run(({ state }) => (state.get('held') as import('node:net').Socket).destroy());
  });

  it('SO_BINDTODEVICE before connect sends the connection over that path', async () => {
    const got = await client.run(async ({ mptcp }, p: number) => {
      const s = mptcp.connect({ port: p, host: '192.0.2.1', socketOptions: { SO_BINDTODEVICE: 'cleth2' } });
      await new Promise((r) => s.once('connect', r));
      const out = { local: s.localAddress, device: s.getsockopt('SO_BINDTODEVICE'), multipath: s.multipath };
      s.destroy();
      return out;
    }, port);
    expect(got).toEqual({ local: '198.51.100.2', device: 'cleth2', multipath: true });
  });

  it('an option the device cannot take fails the connect with the kernel’s error, and no fd leaks', async () => {
    const got = await client.run(async ({ mptcp, require }, p: number) => {
      const fs = require('node:fs') as typeof import('node:fs');
      const before = fs.readdirSync('/proc/self/fd').length;
      const s = mptcp.connect({ port: p, host: '192.0.2.1', socketOptions: { SO_BINDTODEVICE: 'nosuchdev0' } });
      const err = await new Promise<NodeJS.ErrnoException & { option?: string }>((r) => s.once('error', r));
      await new Promise((r) => s.once('close', r));
      return { code: err.code, syscall: err.syscall, option: err.option, leaked: fs.readdirSync('/proc/self/fd').length - before };
    }, port);
    expect(got).toEqual({ code: 'ENODEV', syscall: 'setsockopt', option: 'SO_BINDTODEVICE', leaked: 0 });
  });

  it('reusePort lets two MPTCP listeners share a port, both MPTCP', async () => {
    const got = await server.run(async ({ mptcp }) => {
      const a = mptcp.createServer();
      const b = mptcp.createServer();
      await new Promise<void>((r) => a.listen({ port: 0, host: '192.0.2.1', reusePort: true }, r));
      const shared = (a.address() as { port: number }).port;
      await new Promise<void>((r) => b.listen({ port: shared, host: '192.0.2.1', reusePort: true }, r));
      const c = mptcp.createServer();
      const err = await new Promise<NodeJS.ErrnoException>((r) => {
        c.once('error', r);
        c.listen({ port: shared, host: '192.0.2.1' });
      });
      const out = {
        same: (b.address() as { port: number }).port === shared,
        multipath: [a.multipath, b.multipath],
        reuse: [a.getsockopt('SO_REUSEPORT'), b.getsockopt('SO_REUSEPORT')],
        third: err.code,
      };
      a.close();
      b.close();
      return out;
    });
    expect(got).toEqual({ same: true, multipath: [true, true], reuse: [1, 1], third: 'EADDRINUSE' });
  });
});
