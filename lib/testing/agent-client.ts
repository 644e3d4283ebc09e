// The test side of an agent: a Node process (usually inside a network
// namespace) that loads modules and runs the functions they export, by
// name, answering with their results. A module is ordinary code, ES or
// CommonJS, whose exports are `(ctx, ...args) => result` functions; the
// arguments and results travel as JSON (with bigint and Buffer).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { createInterface } from 'node:readline';
import { decode, encode, type WireError } from './wire';
import type { AgentContext } from './context';
import { inPlace, publicInstall, type ModuleLocation } from './stage';

/** What an agent runs: a function of a module, taking the context first. */
export type AgentFunction = (ctx: AgentContext, ...args: never[]) => unknown;

/** A module's exports as seen without its types: any name, any arguments. */
export type UntypedModule = Record<string, (ctx: AgentContext, ...args: unknown[]) => unknown>;

/** The names of M's exports that an agent can call. */
export type CallableName<M> = { [K in keyof M & string]: M[K] extends AgentFunction ? K : never }[keyof M & string];

/** The arguments a call passes after the context. */
export type CallArguments<F> = F extends (ctx: AgentContext, ...args: infer A) => unknown ? A : never;

/** What a call resolves with: the function's result, awaited (as it arrives, after JSON). */
export type CallResult<F> = F extends (...args: never[]) => infer R ? Awaited<R> : never;

/** One module or several; paths (relative to the working directory) or file URLs. */
export type AgentModules = ModuleLocation | readonly ModuleLocation[];

export interface SpawnOptions {
  /** Run as this user (`setpriv --reuid --regid --clear-groups`); a number is uid and gid. Needs root. */
  user?: number | { uid: number; gid: number };
  /** Words before node, run as `user`: e.g. `['unshare', '-Urn']`. */
  prefix?: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** Words before everything else, e.g. `ip netns exec NS` (what Netns.spawn passes). @internal */
  outer?: readonly string[];
}

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

interface Reply {
  id?: number;
  ready?: boolean;
  ok?: boolean;
  value?: unknown;
  error?: WireError;
}

/**
 * A Node process running the functions that its modules export. Type it
 * with the modules' types to have `call` check names, arguments and results:
 * `Agent<typeof import('./sink.mjs')>`, or an intersection for several.
 */
export class Agent<M extends object = UntypedModule> {
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

  /**
   * Starts `node agent.js` for `modules` (inside a namespace: Netns.spawn), as
   * `options.user`. Resolves once the modules are loaded; rejects with
   * their error (an AgentError) if one does not load.
   */
  static async spawn<M extends object = UntypedModule>(modules: AgentModules, options: SpawnOptions = {}): Promise<Agent<M>> {
    const list: readonly ModuleLocation[] = Array.isArray(modules) ? modules : [modules as ModuleLocation];
    if (list.length === 0) throw new RangeError('an agent needs at least one module');
    // As another user, from where that user can read the files (maybe a copy).
    const files = options.user === undefined ? inPlace(list) : publicInstall(list);
    const setpriv: string[] = [];
    if (options.user !== undefined) {
      const { uid, gid } = typeof options.user === 'number' ? { uid: options.user, gid: options.user } : options.user;
      setpriv.push('setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups');
    }
    const argv = [
      ...(options.outer ?? []),
      ...setpriv,
      ...(options.prefix ?? []),
      files.node,
      path.join(files.root, 'dist', 'testing', 'agent.js'),
      ...files.modules,
    ];
    const child = spawn(argv[0]!, argv.slice(1), {
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      env: options.env ?? process.env,
      // another user may not be allowed into our working directory
      ...(options.user !== undefined ? { cwd: '/' } : {}),
    });
    const agent = new Agent<M>(child, child.stdin!);
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
      const msg = decode(line) as Reply;
      if (msg.ready === true) return ready();
      if (msg.ready === false) return failed(new AgentError(msg.error ?? { name: 'Error', message: 'the agent could not load its modules' }));
      const p = msg.id !== undefined ? agent.pending.get(msg.id) : undefined;
      if (!p) return;
      agent.pending.delete(msg.id!);
      if (msg.ok) p.resolve(msg.value);
      else p.reject(new AgentError(msg.error ?? { name: 'Error', message: 'unknown agent error' }));
    });
    const gone = (err: Error) => {
      if (agent.exited) return;
      agent.exited = true;
      files.dispose();
      failed(err);
      for (const p of agent.pending.values()) p.reject(err);
      agent.pending.clear();
      for (const h of agent.exitHandlers) h();
    };
    child.on('exit', (code, signal) => gone(new Error(`agent exited (${signal ?? code})${agent.output ? `:\n${agent.output}` : ''}`)));
    // The command could not be started (no such program): there will be no 'exit'.
    child.on('error', (err) => gone(err));
    const timer = setTimeout(() => failed(new Error(`agent did not start in 15 s:\n${agent.output}`)), 15_000);
    try {
      await started;
    } catch (err) {
      await agent.close();
      throw err;
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

  /** Runs the module function `name` as `fn(ctx, ...args)` in the agent; resolves with its (JSON-able) result. */
  call<K extends CallableName<M>>(name: K, ...args: CallArguments<M[K]>): Promise<CallResult<M[K]>> {
    if (this.exited) return Promise.reject(new Error('agent has exited'));
    const id = this.nextId++;
    return new Promise<CallResult<M[K]>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.requests.write(`${encode({ id, call: name, args })}\n`);
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
