// The test side of an agent: a Node process (usually inside a network
// namespace) that runs functions sent to it and answers with their results.
// A function runs in the agent, so it may only use its arguments: the
// context (`mptcp`, `net`, `state`, …) and the JSON values passed along.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { createInterface } from 'node:readline';
import { decode, encode, type WireError } from './wire';
import type { AgentContext } from './agent';

export type AgentFunction<A extends unknown[], R> = (ctx: AgentContext, ...args: A) => R | Promise<R>;

/** An error thrown inside an agent, with its code/errno/syscall kept. */
export class AgentError extends Error {
  readonly remote: WireError;
  constructor(remote: WireError) {
    super(remote.message);
    this.name = remote.name;
    this.remote = remote;
    Object.assign(this, Object.fromEntries(Object.entries(remote).filter(([k]) => !['name', 'message', 'stack'].includes(k))));
    if (remote.stack) this.stack = `${remote.stack}\n    --- in the agent, called from ---\n${this.stack ?? ''}`;
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

export class Agent {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly exitHandlers: (() => void)[] = [];
  private exited = false;
  /** Everything the agent printed, for failure messages. */
  output = '';

  private constructor(
    private readonly child: ChildProcess,
    private readonly requests: Writable,
  ) {}

  /** Starts `node agent.js` under `prefix` (e.g. `ip netns exec NS`). */
  static async spawn(prefix: readonly string[] = [], env: NodeJS.ProcessEnv = process.env): Promise<Agent> {
    const script = path.join(__dirname, 'agent.js');
    const argv = [...prefix, process.execPath, script];
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe', 'pipe'], env });
    const agent = new Agent(child, child.stdin!);
    child.stdout!.on('data', (d: Buffer) => (agent.output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (agent.output += d.toString()));
    let ready!: () => void;
    let failed!: (err: Error) => void;
    const started = new Promise<void>((res, rej) => {
      ready = res;
      failed = rej;
    });
    const replies = createInterface({ input: child.stdio[3] as Readable });
    replies.on('line', (line) => {
      const msg = decode(line) as { id?: number; ready?: boolean; ok?: boolean; value?: unknown; error?: WireError };
      if (msg.ready) return ready();
      const p = msg.id !== undefined ? agent.pending.get(msg.id) : undefined;
      if (!p) return;
      agent.pending.delete(msg.id!);
      if (msg.ok) p.resolve(msg.value);
      else p.reject(new AgentError(msg.error ?? { name: 'Error', message: 'unknown agent error' }));
    });
    child.on('exit', (code, signal) => {
      agent.exited = true;
      const err = new Error(`agent exited (${signal ?? code})${agent.output ? `:\n${agent.output}` : ''}`);
      failed(err);
      for (const p of agent.pending.values()) p.reject(err);
      agent.pending.clear();
      for (const h of agent.exitHandlers) h();
    });
    const timer = setTimeout(() => failed(new Error(`agent did not start in 15 s:\n${agent.output}`)), 15_000);
    try {
      await started;
    } finally {
      clearTimeout(timer);
    }
    return agent;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  onExit(handler: () => void): void {
    this.exitHandlers.push(handler);
  }

  /** Runs `fn(ctx, ...args)` in the agent and resolves with its (JSON-able) result. */
  run<A extends unknown[], R>(fn: AgentFunction<A, R>, ...args: A): Promise<Awaited<R>> {
    if (this.exited) return Promise.reject(new Error('agent has exited'));
    const id = this.nextId++;
    return new Promise<Awaited<R>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.requests.write(`${encode({ id, fn: fn.toString(), args })}\n`);
    });
  }

  /** Ends the agent (its servers and sockets die with it). */
  async close(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.onExit(resolve));
    this.requests.end();
    const kill = setTimeout(() => this.child.kill('SIGKILL'), 3_000);
    await gone;
    clearTimeout(kill);
  }
}
