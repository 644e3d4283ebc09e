import crypto from 'node:crypto';
import net from 'node:net';
import mptcp from '../index';
export interface WaitForOptions {
    /** Give up after this many ms (default 10 000). */
    timeout?: number;
    /** Check every this many ms (default 20). */
    interval?: number;
    /** Named in the timeout error: "timed out after 10000 ms waiting for WHAT". */
    what?: string;
}
export interface AgentContext {
    /** This package, as `import mptcp from 'mptcp'` gives it. */
    mptcp: typeof mptcp;
    net: typeof net;
    crypto: typeof crypto;
    /** Kept between calls, shared by all of the agent's modules: servers, sockets, results. */
    state: Map<string, unknown>;
    sleep(ms: number): Promise<void>;
    /** Polls `check` until it returns a truthy value (resolving with it) or `timeout` ms pass (rejecting). */
    waitFor<T>(check: () => T | Promise<T>, options?: WaitForOptions): Promise<T>;
    /** This network namespace's /proc/net/netstat counters, by nstat's names (`MPTcpExtMPJoinSynRx`). */
    counters(): Record<string, number>;
}
export declare function createContext(): AgentContext;
