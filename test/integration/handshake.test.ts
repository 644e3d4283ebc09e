import { afterAll, beforeAll, expect, it } from 'vitest';
import { TwoHosts } from '../../dist/testing/netns.js';
import type { Agent } from '../../dist/testing/agent-client.js';
import { describeNetns } from '../helpers/integration';

describeNetns('MPTCP handshake between two namespaces', () => {
  let hosts: TwoHosts;
  let server: Agent;
  let client: Agent;

  beforeAll(async () => {
    hosts = await TwoHosts.create({ paths: 1 });
    [server, client] = await Promise.all([hosts.server.agent(), hosts.client.agent()]);
  });
  afterAll(async () => {
    await hosts?.destroy();
  });

  it('negotiates MPTCP on both ends and counts bytes exactly', async () => {
    const port = await server.run(async ({ mptcp, state, crypto }) => {
      const srv = mptcp.createServer((s) => {
        const hash = crypto.createHash('sha256');
        let n = 0;
        s.on('data', (d: Buffer) => {
          hash.update(d);
          n += d.length;
        });
        s.on('end', () => {
          state.set('result', { multipath: mptcp.isMultipath(s), info: s.info(), bytes: n, sha256: hash.digest('hex') });
          s.end();
        });
      });
      state.set('server', srv);
      await new Promise<void>((r) => srv.listen(0, '192.0.2.1', r));
      return (srv.address() as { port: number }).port;
    });

    const sent = await client.run(async ({ mptcp, crypto }, port: number) => {
      const data = crypto.randomBytes(1_000_000);
      const s = mptcp.connect({ port, host: '192.0.2.1' });
      await new Promise<void>((r) => s.once('connect', r));
      const multipath = s.multipath;
      s.end(data);
      await new Promise<void>((r) => s.once('close', () => r()).resume());
      return { multipath, sha256: crypto.createHash('sha256').update(data).digest('hex'), bytes: data.length };
    }, port);

    const got = await server.run(({ state, waitFor }) => waitFor(() => state.get('result'), { what: 'server result' }));
    expect(sent.multipath).toBe(true);
    expect(got).toMatchObject({ multipath: true, bytes: 1_000_000, sha256: sent.sha256 });

    const [sc, cc] = await Promise.all([hosts.server.counters(), hosts.client.counters()]);
    expect(sc.MPTcpExtMPCapableSYNRX).toBe(1);
    expect(sc.MPTcpExtMPCapableACKRX).toBe(1);
    expect(cc.MPTcpExtMPCapableSYNTX).toBe(1);
    expect(cc.MPTcpExtMPCapableSYNACKRX).toBe(1);
  });
});
