// The mptcp command: doctor's verdicts (and exit codes) for the cases a user
// meets, and connections listed as ss sees them.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Netns, TwoHosts } from '../../dist/testing/netns.js';
import { runCli } from '../helpers/cli';
import { fixtures, type Traffic } from '../helpers/fixtures';
import { describeNetns } from '../helpers/integration';
import { hasRtoMinSysctl, kernelAtLeast, limitTooHigh, userspacePathManager } from '../helpers/kernel';

const run = runCli;

describeNetns('mptcp CLI', () => {
  let hosts: TwoHosts;
  beforeAll(async () => {
    hosts = await TwoHosts.create({ paths: 2 });
  });
  afterAll(async () => {
    await hosts?.destroy();
  });

  it('doctor: MPTCP works, no endpoints (exit 0), in words and in JSON', async () => {
    const text = await run(hosts.client, 'doctor');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^MPTCP works: /m);
    expect(text.stdout).toMatch(/^No subflow endpoints: /m);
    expect(text.stdout).toMatch(/^sysctl {8}net\.mptcp\.enabled = 1$/m);
    expect(text.stdout).toMatch(/^sysctl {8}net\.ipv4\.tcp_retries2 = 15$/m);
    if (hasRtoMinSysctl) {
      expect(text.stdout).toMatch(/^sysctl {8}net\.ipv4\.tcp_rto_min_us = 200000$/m);
      expect(text.stdout).toMatch(/^Without failover, a dead path stalls a connection for at least a retransmission timeout \(net\.ipv4\.tcp_rto_min_us = 200000\); /m);
    } else {
      expect(text.stdout).not.toMatch(/tcp_rto_min_us = /);
      expect(text.stdout).toContain(
        "Without failover, a dead path stalls a connection for at least a retransmission timeout (200 ms: this kernel has no net.ipv4.tcp_rto_min_us (Linux 6.11+), only a route's rto_min changes it); ",
      );
    }
    expect(text.stdout).toMatch(/^Failover \(the `failover` option\) can close a stalled subflow here at once /m);
    const json = JSON.parse((await run(hosts.client, 'doctor', '--json')).stdout);
    expect(json).toMatchObject({
      support: { supported: true, reason: null },
      addon: 'loaded',
      pathManager: 'kernel',
      limits: { subflows: 2, addAddrAccepted: 0 },
      endpoints: [],
      events: 'available',
      selfTest: { multipath: true, reason: null, subflowsApi: 'ok' },
      failover: { sockDestroy: 'available', capNetAdmin: true },
      stallSysctls: { 'net.ipv4.tcp_rto_min_us': hasRtoMinSysctl ? '200000' : null, 'net.ipv4.tcp_retries2': '15' },
    });
  });

  it('doctor: an endpoint and limits change the verdict', async () => {
    await hosts.client.mptcpEndpoint('198.51.100.2', { dev: 'cleth2', flags: ['subflow'] });
    const text = await run(hosts.client, 'doctor');
    expect(text.stdout).toMatch(/^As a client, extra subflows from 198\.51\.100\.2 \(up to 2 per connection\)\.$/m);
    expect(text.stdout).toMatch(/^endpoint {6}198\.51\.100\.2 id 1 subflow dev cleth2$/m);
    await hosts.client.ip('mptcp', 'endpoint', 'flush');
  });

  it('doctor: net.mptcp.enabled=0 says so and exits 1', async () => {
    const ns = await Netns.create({ mptcpEnabled: false });
    try {
      const text = await run(ns, 'doctor');
      expect(text.code).toBe(1);
      expect(text.stdout).toMatch(
        /^MPTCP is disabled in this network namespace \(sysctl net\.mptcp\.enabled=0\), so every connection is plain TCP \(the API still works\)\. socket\(\) said ENOPROTOOPT on Linux [\d.]+\S*\. Enable it: sysctl -w net\.mptcp\.enabled=1$/m,
      );
      expect(JSON.parse((await run(ns, 'doctor', '--json')).stdout).support).toMatchObject({ supported: false, reason: 'disabled', errno: 92 });
    } finally {
      await ns.destroy();
    }
  });

  it('doctor: the userspace path manager', async () => {
    const ns = await Netns.create();
    try {
      await ns.sysctl(userspacePathManager);
      const text = await run(ns, 'doctor');
      expect(text.code).toBe(0);
      expect(text.stdout).toMatch(/^The userspace path manager is selected: /m);
    } finally {
      await ns.destroy();
    }
  });

  it('connections: each MPTCP connection with its subflows, filtered by port and pid', async () => {
    await hosts.server.mptcpLimits({ subflows: 1 });
    await hosts.client.mptcpLimits({ subflows: 1 });
    await hosts.client.mptcpEndpoint('198.51.100.2', { dev: 'cleth2', flags: ['subflow'] });
    const [server, client] = await Promise.all([hosts.server.spawn<Traffic>(fixtures.traffic), hosts.client.spawn<Traffic>(fixtures.traffic)]);
    const port = await server.call('startListener', { key: 'srv', host: '0.0.0.0', accepted: 'read' });
    const conn = await client.call('connectJoined', { host: '192.0.2.1', port, subflows: 2 });
    const rows = JSON.parse((await run(hosts.client, 'connections', '--json')).stdout) as {
      state: string;
      localPort: number;
      info: { token: number };
      subflows: { localAddress: string; flagLetters: string; localId: number }[];
    }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ state: 'ESTAB', localAddress: '192.0.2.2', localPort: conn.localPort, remoteAddress: '192.0.2.1', remotePort: port });
    expect(rows[0]!.info.token).toBe(conn.token);
    expect(rows[0]!.subflows.map((f) => [f.localAddress, f.flagLetters, f.localId])).toEqual([
      ['192.0.2.2', 'Mmec', 0],
      ['198.51.100.2', 'Jjec', 1],
    ]);
    const text = await run(hosts.client, 'connections', 'port', String(port));
    expect(text.stdout.split('\n')[0]).toBe(
      `ESTAB      192.0.2.2:${conn.localPort} -> 192.0.2.1:${port} token:${conn.token.toString(16)} subflows:2` +
        (kernelAtLeast(6, 5) ? ' bytes_sent:1 bytes_received:0 bytes_acked:1' : ''), // byte counters: 6.5+
    );
    expect(JSON.parse((await run(hosts.client, 'connections', 'pid', String(conn.pid), '--json')).stdout)).toHaveLength(1);
    expect(JSON.parse((await run(hosts.client, 'connections', 'port', '1', '--json')).stdout)).toEqual([]);
    // ss agrees on the token
    const ss = (await hosts.client.exec('ss', '-MniH')).stdout;
    expect(ss).toContain(`token:${conn.token.toString(16)}`);
  });

  it('exit codes: 2 for bad usage, 1 when the kernel says no', async () => {
    expect((await run(hosts.client, 'frobnicate')).code).toBe(2);
    expect((await run(hosts.client)).code).toBe(2);
    expect((await run(hosts.client, 'help')).code).toBe(0);
    expect((await run(hosts.client, 'limits', 'set', 'subflows', 'many')).code).toBe(2);
    const refused = await run(hosts.client, 'limits', 'set', 'subflows', '9');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`mptcp: mptcp_pm SET_LIMITS EINVAL: ${limitTooHigh}\n`);
  });
});
