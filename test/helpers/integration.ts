// describe() for tests that need network namespaces: runs them when this
// machine can, skips them with the reason when it cannot, and turns that
// skip into a failure under CI=true (CI must run every integration test).
import { hasCommand, netnsAvailability } from '../../dist/testing/netns.js';
import { describeUnless, lacks } from './requires';

function missing(commands: readonly string[]): string | undefined {
  const absent = commands.filter((c) => !hasCommand(c));
  if (absent.length) return `missing ${absent.join(', ')} (\`npm install\` as root installs them)`;
  const ns = netnsAvailability();
  if (!ns.ok) return ns.reason;
  return lacks.mptcp();
}

/** `commands`: programs the tests run as peers (nginx, curl, mptcpize…). */
export function describeNetns(name: string, body: () => void, commands: readonly string[] = []): void {
  describeUnless(missing(commands), name, body);
}
