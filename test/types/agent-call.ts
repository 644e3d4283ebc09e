// Checked by `npm run typecheck` (never run): Agent<M>.call takes the names
// M exports, their arguments after the context, and resolves with their results.
import type { Agent } from 'mptcp/testing';

type Traffic = typeof import('../fixtures/traffic.mjs', { with: { 'resolution-mode': 'import' } });
type Basics = typeof import('../fixtures/basics.mjs', { with: { 'resolution-mode': 'import' } });

export async function typed(agent: Agent<Traffic & Basics>, untyped: Agent): Promise<void> {
  const port: number = await agent.call('startServer', { host: '192.0.2.1', reply: 10 });
  const report = await agent.call('runClient', { host: '192.0.2.1', port, bytes: 10 });
  const sha: string = report.sha256;
  const reason: string | null = (await agent.call('support')).reason;
  await agent.call('waitCounter', 'MPTcpExtMPCurrEstab', 0);
  // @ts-expect-error no such export
  await agent.call('startSevrer', { host: '192.0.2.1' });
  // @ts-expect-error a required option is missing
  await agent.call('startServer', { port: 1 });
  // @ts-expect-error an argument of the wrong type
  await agent.call('serverReports', 'server', '1');
  // @ts-expect-error one argument too many
  await agent.call('endHeld', 1);
  // @ts-expect-error the result is a number
  const wrong: string = await agent.call('port', 'server');
  // An agent without module types takes any name and arguments.
  const anything: unknown = await untyped.call('whatever', 1, 'two');
  void [sha, reason, wrong, anything];
}
