// Without root: an unprivileged user in a user and network namespace of its
// own (unshare -Urn) holds CAP_NET_ADMIN there, so events, limits and
// endpoints all work, on its own loopback.
import { spawnSync } from 'node:child_process';
import { expect } from 'vitest';
import { Agent } from '../../dist/testing/agent-client.js';
import { fixtures, type Pm } from '../helpers/fixtures';
import { describeNetns } from '../helpers/integration';
import { itUnless } from '../helpers/requires';

const userns = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'unshare', '-Urn', 'true']).status === 0;

describeNetns('path manager as an unprivileged user (unshare -Urn)', () => {
  // Some systems forbid unprivileged user namespaces; only there is this skipped (never under CI).
  const lacksUserns = userns ? undefined : 'unprivileged user namespaces are disabled here';
  itUnless(lacksUserns, 'subscribes to events, sets limits and endpoints, sees its own connection', async () => {
    // The agent is uid 65534 on the host, root only inside its own namespaces.
    const agent = await Agent.spawn<Pm>(fixtures.pm, { user: 65534, prefix: ['unshare', '-Urn'] });
    try {
      const got = await agent.call('ownNamespace');
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
