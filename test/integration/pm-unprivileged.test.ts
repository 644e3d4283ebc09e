// Without root: an unprivileged user in a user and network namespace of its
// own (unshare -Urn) holds CAP_NET_ADMIN there, so events, limits and
// endpoints all work, on its own loopback.
import { spawnSync } from 'node:child_process';
import { expect } from 'vitest';
import { Agent } from '../../dist/testing/agent-client.js';
import { describeNetns } from '../helpers/integration';
import { itUnless } from '../helpers/requires';

const userns = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'unshare', '-Urn', 'true']).status === 0;

describeNetns('path manager as an unprivileged user (unshare -Urn)', () => {
  // Some systems forbid unprivileged user namespaces; only there is this skipped (never under CI).
  const lacksUserns = userns ? undefined : 'unprivileged user namespaces are disabled here';
  itUnless(lacksUserns, 'subscribes to events, sets limits and endpoints, sees its own connection', async () => {
    // The agent is uid 65534 on the host, root only inside its own namespaces.
    const agent = await Agent.spawn(['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', 'unshare', '-Urn']);
    try {
      const got = await agent.run(async ({ mptcp, require, waitFor }) => {
        const { execFileSync } = require('node:child_process') as typeof import('node:child_process');
        const fs = require('node:fs') as typeof import('node:fs');
        execFileSync('ip', ['link', 'set', 'lo', 'up']);
        const hostUid = fs.readFileSync('/proc/self/uid_map', 'utf8').trim().split(/\s+/)[1];
        const ev = mptcp.pm.events();
        const seen: string[] = [];
        ev.on('event', (e) => seen.push(e.type));
        await ev.ready;
        await mptcp.pm.setLimits({ subflows: 4, addAddrAccepted: 4 });
        await mptcp.pm.addEndpoint({ address: '127.0.0.2', flags: ['signal'] });
        const srv = mptcp.createServer((s) => s.end('hi'));
        await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
        const c = mptcp.connect((srv.address() as { port: number }).port, '127.0.0.1');
        await new Promise((r) => c.once('connect', r));
        const multipath = c.multipath;
        await new Promise((r) => c.once('close', r).resume());
        srv.close();
        await waitFor(() => seen.filter((t) => t === 'closed').length === 2, { what: 'both ends closed' });
        ev.close();
        return { hostUid, multipath, limits: await mptcp.pm.getLimits(), endpoints: (await mptcp.pm.endpoints()).map((e) => e.address), seen };
      });
      expect(got.hostUid).toBe('65534');
      expect(got.multipath).toBe(true);
      expect(got.limits).toEqual({ subflows: 4, addAddrAccepted: 4 });
      expect(got.endpoints).toEqual(['127.0.0.2']);
      expect(got.seen.filter((t) => t === 'created')).toHaveLength(2);
      expect(got.seen).toContain('established');
    } finally {
      await agent.close();
    }
  });
});
