// Tests that need something this machine may lack (root, the addon, MPTCP,
// namespaces) run when it has it, skip with the reason when it has not, and
// fail instead of skipping under CI=true: CI must run every test.
import { describe, it } from 'vitest';
import mptcp from '../../dist/index.js';
import { native } from '../../dist/native/binding.js';

const isCI = process.env.CI === 'true';

/** Why this machine lacks what a test needs; undefined when it has it. */
export const lacks = {
  root: (): string | undefined => (process.getuid?.() === 0 ? undefined : 'needs root'),
  addon: (): string | undefined => (native() ? undefined : 'the native addon is not built here'),
  mptcp: (): string | undefined => {
    const s = mptcp.support();
    return s.supported ? undefined : `MPTCP sockets unavailable here (${s.reason}${s.code ? `, ${s.code}` : ''})`;
  },
};

const failure = (reason: string) => () => {
  throw new Error(`CI=true and a test would skip: ${reason}`);
};

/** describe() when `reason` is undefined; otherwise skipped, naming the reason (a failure under CI). */
export function describeUnless(reason: string | undefined, name: string, body: () => void): void {
  if (!reason) describe(name, body);
  else if (isCI) describe(name, () => it('has what it needs', failure(reason)));
  else describe.skip(`${name} (skipped: ${reason})`, body);
}

/** it() when `reason` is undefined; otherwise skipped, naming the reason (a failure under CI). */
export function itUnless(reason: string | undefined, name: string, fn: () => Promise<void> | void, timeout?: number): void {
  if (!reason) it(name, fn, timeout);
  else if (isCI) it(name, failure(reason));
  else it.skip(`${name} (skipped: ${reason})`, fn);
}
