// The agent protocol, without namespaces (no root needed): an agent loads
// ES and CommonJS modules and runs what they export, by name; values keep
// bigint, Buffer and undefined; errors keep code, errno and syscall.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, AgentError } from '../../dist/testing/agent-client.js';

const at = (name: string) => path.join(__dirname, '..', 'fixtures', name);
type Protocol = typeof import('../fixtures/protocol.mjs', { with: { 'resolution-mode': 'import' } });
type Cjs = { recall(ctx: unknown): string; whoami(ctx: unknown): string };

describe('agents', () => {
  let agent: Agent<Protocol & Cjs>;
  beforeAll(async () => {
    agent = await Agent.spawn<Protocol & Cjs>([at('protocol.mjs'), at('protocol.cjs')]);
  });
  afterAll(async () => {
    await agent?.close();
  });

  it('runs an exported function with the arguments after the context', async () => {
    expect(await agent.call('echo', 41n, Buffer.from('hi'))).toEqual({ n: 42n, data: Buffer.from('hi!'), nothing: null });
    expect(await agent.call('nothing')).toBeUndefined();
  });

  it('loads CommonJS modules too, and keeps state between calls across modules', async () => {
    expect(await agent.call('whoami')).toBe('commonjs');
    await agent.call('remember', 'kept');
    expect(await agent.call('recall')).toBe('kept');
  });

  it('gives the context, without require', async () => {
    expect(await agent.call('context')).toEqual({
      mptcp: 'object',
      net: 'object',
      crypto: 'object',
      state: 'object',
      sleep: 'function',
      waitFor: 'function',
      counters: 'function',
    });
  });

  it('rejects with the error as thrown there', async () => {
    const err = await agent.call('fails').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AgentError);
    expect(err).toMatchObject({ message: 'connect ECONNREFUSED 192.0.2.1:9', code: 'ECONNREFUSED', errno: -111, syscall: 'connect' });
  });

  it('runs only what the modules export', async () => {
    const untyped = agent as unknown as Agent;
    await expect(untyped.call('process.exit')).rejects.toThrow(/^no function process\.exit in .*protocol\.mjs, .*protocol\.cjs \(they export context, echo, fails, nothing, remember, recall, whoami\)$/);
  });

  it('refuses to start when two modules export the same name, or a module does not load', async () => {
    await expect(Agent.spawn([at('protocol.mjs'), at('protocol-duplicate.mjs')])).rejects.toThrow(/^echo is exported by both .*protocol\.mjs and .*protocol-duplicate\.mjs$/);
    await expect(Agent.spawn(at('no-such-module.mjs'))).rejects.toMatchObject({ code: 'ERR_MODULE_NOT_FOUND' });
  });
});
