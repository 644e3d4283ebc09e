// describe() for tests that need network namespaces: runs them when this
// machine can, skips them with the reason when it cannot, and turns that
// skip into a failure under CI=true (CI must run every integration test).
import { describe, it } from 'vitest';
import { hasCommand, netnsAvailability } from '../../dist/testing/netns.js';
import mptcp from '../../dist/index.js';

export const isCI = process.env.CI === 'true';

function missing(commands: readonly string[]): string | undefined {
  const absent = commands.filter((c) => !hasCommand(c));
  if (absent.length) return `missing ${absent.join(', ')} (\`npm install\` as root installs them)`;
  const ns = netnsAvailability();
  if (!ns.ok) return ns.reason;
  const s = mptcp.support();
  if (!s.supported) return `MPTCP sockets unavailable here (${s.reason}${s.code ? `, ${s.code}` : ''})`;
  return undefined;
}

/** `commands`: programs the tests run as peers (nginx, curl, mptcpize…). */
export function describeNetns(name: string, body: () => void, commands: readonly string[] = []): void {
  const reason = missing(commands);
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
