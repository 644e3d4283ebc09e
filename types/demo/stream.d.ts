import type { AgentContext } from '../testing/index';
import type { Subflow } from '../net/info';
export interface Snapshot {
    events: string[];
    elapsed: number;
    subflows: Subflow[];
    sent: string;
    subflowsTotal: number;
}
export interface SinkResult {
    bytes: number;
    sha256: string;
    multipath: boolean;
}
/** The server: hashes what arrives, for comparison at the end. */
export declare function startSink({ mptcp, state, crypto }: AgentContext): Promise<number>;
export declare function sinkResult({ state, waitFor }: AgentContext): Promise<SinkResult>;
/** The client: streams for `seconds`, as fast as the shaped links take it. */
export declare function startStream({ mptcp, state, crypto }: AgentContext, port: number, seconds: number): Promise<void>;
/** The connection now, or null once the stream has ended. */
export declare function observe({ state }: AgentContext): Snapshot | null;
export declare function finish({ state, waitFor }: AgentContext): Promise<{
    sent: number;
    seconds: number;
    sha256: string;
    subflows: {
        id: number;
        local: string;
        bytes: string;
    }[];
}>;
