import crypto from 'node:crypto';
import net from 'node:net';
import mptcp from '../index';
export interface AgentContext {
    mptcp: typeof mptcp;
    net: typeof net;
    crypto: typeof crypto;
    /** Kept between calls: servers, sockets, results. */
    state: Map<string, unknown>;
    require: NodeRequire;
    sleep(ms: number): Promise<void>;
    /** Polls `check` every `interval` ms until it returns a truthy value or `timeout` ms pass. */
    waitFor<T>(check: () => T | Promise<T>, options?: {
        timeout?: number;
        interval?: number;
        what?: string;
    }): Promise<T>;
    /** This namespace's /proc/net/netstat counters. */
    counters(): Record<string, number>;
}
