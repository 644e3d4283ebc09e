import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import { type MultipathOptions, type NetConnectOpts } from '../net/socket';
export interface AgentOptions extends http.AgentOptions, MultipathOptions {
}
export interface HttpsAgentOptions extends https.AgentOptions, MultipathOptions {
}
type Callback = (err: Error | null, stream: Duplex) => void;
/** An http.Agent whose connections are Multipath TCP (where the server speaks it). */
export declare class Agent extends http.Agent {
    #private;
    constructor(options?: AgentOptions);
    /** As node's (net.createConnection(options, callback)), with an MPTCP socket. */
    createConnection(options: NetConnectOpts & Record<string, unknown>, callback?: Callback): Duplex;
}
/** An https.Agent whose connections are TLS over Multipath TCP. */
export declare class HttpsAgent extends https.Agent {
    #private;
    constructor(options?: HttpsAgentOptions);
    createConnection(options: NetConnectOpts & Record<string, unknown>, callback?: Callback): Duplex;
}
export {};
