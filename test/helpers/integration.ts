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

/** A managerReport of the backup strategy, summed up for one check against backupMovesExpected(). */
export function backupMoves(report: { actions: string[] }, primary: string, backup: string) {
  const all = report.actions.map((a) => a.replace(/:\d+$/, ''));
  const count = (a: string) => all.filter((x) => x === a).length;
  return {
    first: all[0],
    backupCreates: count(`subflowCreate ${backup}`),
    primaryCreates: count(`subflowCreate ${primary}`),
    others: all.filter((a) => !a.startsWith('subflowCreate')),
    last: all.slice(-2),
  };
}

/**
 * What backupMoves() must be: `first` and `others` (every action but the
 * creates, in order) as given; one create each way, and one more for each
 * subflow from that address the kernel closed on its own (by the report's
 * log: SUB_CLOSED events for subflows the manager did not destroy or abort;
 * seen on 6.1 under emulation: a returning subflow reset by the peer right
 * after it was established); last, back on the primary and the backup closed.
 */
export function backupMovesExpected(report: { actions: string[]; logs: string[] }, primary: string, backup: string, first: string, others: string[]) {
  const ours = new Set(report.actions.filter((a) => /^(sockDestroy|subflowDestroy) /.test(a)).map((a) => a.split(' ')[1]));
  const closedByKernel = (address: string) =>
    report.logs.filter((l) => {
      const m = / sub_closed (\S+)/.exec(l);
      return m !== null && m[1]!.startsWith(`${address}:`) && !ours.has(m[1]!);
    }).length;
  return {
    first,
    backupCreates: 1 + closedByKernel(backup),
    primaryCreates: 1 + closedByKernel(primary),
    others,
    last: [`subflowCreate ${primary}`, `subflowDestroy ${backup}`],
  };
}

/**
 * For a failed comparison of what was sent with what arrived (the switching
 * fixture's per-MiB digests): which MiB blocks differ, or why they cannot say.
 */
export function differingBlocks(got: { blocks?: string[] }, sent: { blocks?: string[] }): string {
  const a = got.blocks ?? [];
  const b = sent.blocks ?? [];
  const differ = b.map((d, i) => (a[i] === d ? -1 : i)).filter((i) => i >= 0);
  return `MiB blocks that differ (of ${b.length} sent, ${a.length} received): ${differ.length ? differ.join(', ') : 'none'}`;
}
