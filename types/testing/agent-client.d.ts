import { type WireError } from './wire';
import type { AgentContext } from './context';
import { type ModuleLocation } from './stage';
/** What an agent runs: a function of a module, taking the context first. */
export type AgentFunction = (ctx: AgentContext, ...args: never[]) => unknown;
/** A module's exports as seen without its types: any name, any arguments. */
export type UntypedModule = Record<string, (ctx: AgentContext, ...args: unknown[]) => unknown>;
/** The names of M's exports that an agent can call. */
export type CallableName<M> = {
    [K in keyof M & string]: M[K] extends AgentFunction ? K : never;
}[keyof M & string];
/** The arguments a call passes after the context. */
export type CallArguments<F> = F extends (ctx: AgentContext, ...args: infer A) => unknown ? A : never;
/** What a call resolves with: the function's result, awaited (as it arrives, after JSON). */
export type CallResult<F> = F extends (...args: never[]) => infer R ? Awaited<R> : never;
/** One module or several; paths (relative to the working directory) or file URLs. */
export type AgentModules = ModuleLocation | readonly ModuleLocation[];
export interface SpawnOptions {
    /** Run as this user (`setpriv --reuid --regid --clear-groups`); a number is uid and gid. Needs root. */
    user?: number | {
        uid: number;
        gid: number;
    };
    /** Words before node, run as `user`: e.g. `['unshare', '-Urn']`. */
    prefix?: readonly string[];
    env?: NodeJS.ProcessEnv;
}
/** An error thrown inside an agent, with its code/errno/syscall kept. */
export declare class AgentError extends Error {
    readonly remote: WireError;
    constructor(remote: WireError);
}
/**
 * A Node process running the functions that its modules export. Type it
 * with the modules' types to have `call` check names, arguments and results:
 * `Agent<typeof import('./sink.mjs')>`, or an intersection for several.
 */
export declare class Agent<M extends object = UntypedModule> {
    private readonly child;
    private readonly requests;
    private nextId;
    private readonly pending;
    private readonly exitHandlers;
    private exited;
    /** Everything the agent printed, for failure messages. */
    output: string;
    private constructor();
    /**
     * Starts `node agent.js` for `modules` (inside a namespace: Netns.spawn), as
     * `options.user`. Resolves once the modules are loaded; rejects with
     * their error (an AgentError) if one does not load.
     */
    static spawn<M extends object = UntypedModule>(modules: AgentModules, options?: SpawnOptions): Promise<Agent<M>>;
    get pid(): number | undefined;
    onExit(handler: () => void): void;
    /** Runs the module function `name` as `fn(ctx, ...args)` in the agent; resolves with its (JSON-able) result. */
    call<K extends CallableName<M>>(name: K, ...args: CallArguments<M[K]>): Promise<CallResult<M[K]>>;
    /** Ends the agent (its servers and sockets die with it). */
    close(): Promise<void>;
}
