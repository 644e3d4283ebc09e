// describe() for tests that need network namespaces: runs them when this
// machine can, skips them with the reason when it cannot, and turns that
// skip into a failure under CI=true (CI must run every integration test).
import { hasCommand, netnsAvailability } from '../../dist/testing/netns.js';
import type { Agent } from '../../dist/testing/agent-client.js';
import type { Userspace } from './fixtures';
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

/**
 * Awaits `wait` (a call into an agent); if it fails, the error carries what
 * the pm.manager() running in `manager` did, logged and saw (managerReport).
 */
export async function explained<T>(manager: Agent<Userspace>, wait: Promise<T>): Promise<T> {
  try {
    return await wait;
  } catch (err) {
    const report = await manager.call('managerReport').catch((e: Error) => e.message);
    throw new Error(`${(err as Error).message}; manager: ${JSON.stringify(report)}`, { cause: err });
  }
}

/**
 * How many subflows from `address` the kernel closed on its own, by a
 * managerReport's log: SUB_CLOSED events for subflows the manager did not
 * destroy or abort. A strategy opens each of those again (seen on 6.1 under
 * emulation: a returning subflow reset by the peer right after it was
 * established), so a test expects that many more creates.
 */
export function closedByKernel(report: { actions: string[]; logs: string[] }, address: string): number {
  const ours = new Set(report.actions.filter((a) => /^(sockDestroy|subflowDestroy) /.test(a)).map((a) => a.split(' ')[1]));
  return report.logs.filter((l) => {
    const m = / sub_closed (\S+)/.exec(l);
    return m !== null && m[1]!.startsWith(`${address}:`) && !ours.has(m[1]!);
  }).length;
}
