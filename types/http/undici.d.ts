import net from 'node:net';
import tls from 'node:tls';
import { type MultipathOptions } from '../net/socket';
/** What undici passes to a connector. */
export interface ConnectorRequest {
    hostname: string;
    host?: string;
    protocol: string;
    port: string | number;
    servername?: string | null;
    localAddress?: string | null;
    /** A socket to run TLS over (a proxy tunnel). */
    httpSocket?: net.Socket;
}
export type ConnectorCallback = (err: Error | null, socket: net.Socket | tls.TLSSocket | null) => void;
export type Connector = (request: ConnectorRequest, callback: ConnectorCallback) => void;
export interface ConnectorOptions extends MultipathOptions {
    /** Connect timeout in ms (undici's default, 10 s); 0 for none. */
    timeout?: number;
    /** TLS sessions kept for reuse (undici's default, 100); 0 for none. */
    maxCachedSessions?: number;
    /** Offer HTTP/2 in ALPN (undici's allowH2). */
    allowH2?: boolean;
    keepAlive?: boolean;
    keepAliveInitialDelay?: number;
    /** Extra TLS options (ca, cert, rejectUnauthorized, …). */
    tls?: tls.ConnectionOptions;
}
/** An undici `connect` function whose connections are Multipath TCP. */
export declare function connector(options?: ConnectorOptions): Connector;
/**
 * Makes the global fetch() (and every undici request without a dispatcher of
 * its own) use Multipath TCP. Needs the `undici` package. Returns the agent.
 */
export declare function useForFetch(options?: ConnectorOptions): object;
