// The package's one default (lib/net/defaults.ts): with BBR as the namespace's
// congestion control, connections that are MPTCP end to end run cubic, on
// every subflow and at both ends; plain TCP ones (multipath: false, plain
// peers, fallbacks) keep BBR, and socketOptions.TCP_CONGESTION is respected.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TwoHosts } from '../../dist/testing/netns.js';
import type { Agent } from '../../dist/testing/agent-client.js';
import { fixtures, type Sockopt } from '../helpers/fixtures';
import { describeNetns } from '../helpers/integration';

describeNetns('congestion control of MPTCP connections under a BBR default', () => {
  let hosts: TwoHosts;
  let server: Agent<Sockopt>;
  let client: Agent<Sockopt>;
  let ports: { mptcp: number; chosen: number; plain: number };
  let skip: string | undefined;

  beforeAll(async () => {
    hosts = await TwoHosts.create({ paths: 2 });
    try {
      // Before the agents start: each process reads the default once.
      await hosts.server.sysctl({ 'net.ipv4.tcp_congestion_control': 'bbr' });
      await hosts.client.sysctl({ 'net.ipv4.tcp_congestion_control': 'bbr' });
    } catch (err) {
      skip = `BBR cannot be the namespace default here: ${(err as Error).message}`;
      return;
    }
    await hosts.server.mptcpLimits({ subflows: 1 });
    await hosts.client.mptcpLimits({ subflows: 1 });
    await hosts.client.mptcpEndpoint('198.51.100.2', { dev: 'cleth2', flags: ['subflow'] });
    [server, client] = await Promise.all([hosts.server.spawn<Sockopt>(fixtures.sockopt), hosts.client.spawn<Sockopt>(fixtures.sockopt)]);
    ports = await server.call('startCongestionServers');
  });
  afterAll(async () => {
    await hosts?.destroy();
  });

  it('an MPTCP connection runs cubic at both ends, on both subflows', async (t) => {
    if (skip) return t.skip(skip);
    expect(await client.call('connectAs', ports.mptcp, 'mptcp', 2)).toEqual({ cc: 'cubic', multipath: true });
    expect(await server.call('lastAccepted')).toEqual({ cc: 'cubic', multipath: true });
    const { stdout } = await hosts.client.exec('ss', '-tni', 'dst', '192.0.2.1');
    const subflows = stdout.replace(/\n\t/g, ' ').split('\n').filter((l) => l.includes('tcp-ulp-mptcp'));
    expect(subflows).toHaveLength(2);
    for (const line of subflows) expect(line).toMatch(/\bcubic\b/);
  });

  it('plain TCP keeps BBR: multipath false, a node:net client, a plain server (fallback)', async (t) => {
    if (skip) return t.skip(skip);
    expect(await client.call('connectAs', ports.mptcp, 'tcp')).toEqual({ cc: 'bbr', multipath: false });
    expect(await server.call('lastAccepted')).toEqual({ cc: 'bbr', multipath: false });
    expect(await client.call('connectAs', ports.mptcp, 'net')).toEqual({ cc: 'bbr', multipath: false });
    expect(await server.call('lastAccepted')).toEqual({ cc: 'bbr', multipath: false });
    expect(await client.call('connectAs', ports.plain, 'mptcp')).toEqual({ cc: 'bbr', multipath: false });
  });

  it('the user’s choice stands: socketOptions.TCP_CONGESTION, or setsockopt on the listener', async (t) => {
    if (skip) return t.skip(skip);
    expect(await client.call('connectAs', ports.mptcp, 'bbr')).toEqual({ cc: 'bbr', multipath: true });
    await client.call('connectAs', ports.chosen, 'bbr');
    expect(await server.call('lastAccepted')).toEqual({ cc: 'bbr', multipath: true });
  });
});
