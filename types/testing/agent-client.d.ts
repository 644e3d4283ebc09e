import { type WireError } from './wire';
import type { AgentContext } from './agent';
export type AgentFunction<A extends unknown[], R> = (ctx: AgentContext, ...args: A) => R | Promise<R>;
/** An error thrown inside an agent, with its code/errno/syscall kept. */
export declare class AgentError extends Error {
    readonly remote: WireError;
    constructor(remote: WireError);
}
export declare class Agent {
    private readonly child;
    private readonly requests;
    private nextId;
    private readonly pending;
    private readonly exitHandlers;
    private exited;
    /** Everything the agent printed, for failure messages. */
    output: string;
    private constructor();
    /** Starts `node agent.js` under `prefix` (e.g. `ip netns exec NS`). */
    static spawn(prefix?: readonly string[], env?: NodeJS.ProcessEnv): Promise<Agent>;
    get pid(): number | undefined;
    onExit(handler: () => void): void;
    /** Runs `fn(ctx, ...args)` in the agent and resolves with its (JSON-able) result. */
    run<A extends unknown[], R>(fn: AgentFunction<A, R>, ...args: A): Promise<Awaited<R>>;
    /** Ends the agent (its servers and sockets die with it). */
    close(): Promise<void>;
}
