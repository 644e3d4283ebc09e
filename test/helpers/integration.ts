// describe() for tests that need network namespaces: runs them when this
// machine can, skips them with the reason when it cannot, and turns that
// skip into a failure under CI=true (CI must run every integration test).
import { describe, it } from 'vitest';
import { netnsAvailability } from '../../dist/testing/netns.js';
import mptcp from '../../dist/index.js';

export const isCI = process.env.CI === 'true';

function missing(): string | undefined {
  const ns = netnsAvailability();
  if (!ns.ok) return ns.reason;
  const s = mptcp.support();
  if (!s.supported) return `MPTCP sockets unavailable here (${s.reason}${s.code ? `, ${s.code}` : ''})`;
  return undefined;
}

export function describeNetns(name: string, body: () => void): void {
  const reason = missing();
  if (!reason) return describe(name, body);
  if (isCI) {
    describe(name, () => {
      it('has what the integration tests need', () => {
        throw new Error(`CI=true and an integration test would skip: ${reason}`);
      });
    });
    return;
  }
  describe.skip(`${name} (skipped: ${reason})`, body);
}
