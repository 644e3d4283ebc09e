// fetch() and undici over Multipath TCP. `connector()` returns an undici
// `connect` function (new undici.Agent({ connect: connector() })); it does
// what undici's own buildConnector does — TLS session reuse per server name,
// SNI, ALPN, a connect timeout, keep-alive, no Nagle — over an mptcp socket.
// `useForFetch()` makes the global fetch() (Node's built-in one included: it
// reads the same global dispatcher slot) use it, through undici's
// setGlobalDispatcher; undici is an optional peer dependency.
import net from 'node:net';
import tls from 'node:tls';
import { invalidArgType } from '../errors';
import { connect, type MultipathOptions, type NetConnectOpts } from '../net/socket';
import { validateMode } from '../net/state';
import { validateSocketOptions } from '../net/sockopt';

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

/** A connect-timeout error in undici's shape. */
function connectTimeout(ms: number): Error & { code: string } {
  const e = new Error(`Connect Timeout Error (attempted timeout: ${ms}ms)`) as Error & { code: string };
  e.name = 'ConnectTimeoutError';
  e.code = 'UND_ERR_CONNECT_TIMEOUT';
  return e;
}

/** An undici `connect` function whose connections are Multipath TCP. */
export function connector(options: ConnectorOptions = {}): Connector {
  if (options === null || typeof options !== 'object') throw invalidArgType('options', 'of type object', options);
  const multipath = validateMode(options.multipath, 'options.multipath') ?? true;
  const socketOptions = validateSocketOptions(options.socketOptions, 'options.socketOptions');
  const timeout = options.timeout ?? 10_000;
  const maxSessions = options.maxCachedSessions ?? 100;
  const sessions = new Map<string, Buffer>();

  return (req, callback) => {
    const port = Number(req.port) || (req.protocol === 'https:' ? 443 : 80);
    const tcp = (): net.Socket =>
      connect({ host: req.hostname, port, localAddress: req.localAddress ?? undefined, multipath, socketOptions, highWaterMark: 64 * 1024 } as NetConnectOpts);
    let socket: net.Socket;
    if (req.protocol !== 'https:') socket = tcp();
    else {
      const servername = req.servername || (net.isIP(req.hostname) ? undefined : req.hostname);
      const key = servername ?? req.hostname;
      const session = sessions.get(key);
      socket = tls.connect({
        highWaterMark: 16384,
        ...options.tls,
        servername,
        session,
        ALPNProtocols: options.allowH2 ? ['http/1.1', 'h2'] : ['http/1.1'],
        socket: req.httpSocket ?? tcp(),
        host: req.hostname,
        port,
      } as tls.ConnectionOptions);
      socket.on('session', (s: Buffer) => {
        if (maxSessions === 0) return;
        sessions.delete(key);
        sessions.set(key, s);
        if (sessions.size > maxSessions) sessions.delete(sessions.keys().next().value!);
      });
    }
    if (options.keepAlive ?? true) socket.setKeepAlive(true, options.keepAliveInitialDelay ?? 60_000);
    socket.setNoDelay(true);
    let done: ConnectorCallback | null = callback;
    const timer = timeout > 0 ? setTimeout(() => socket.destroy(connectTimeout(timeout)), timeout) : null;
    const finish = (err: Error | null): void => {
      if (timer) clearTimeout(timer);
      const cb = done;
      done = null;
      cb?.(err, err ? null : socket);
    };
    socket.once(req.protocol === 'https:' ? 'secureConnect' : 'connect', () => finish(null));
    socket.on('error', (err: Error) => finish(err));
  };
}

interface UndiciModule {
  Agent: new (options: { connect: Connector }) => object;
  setGlobalDispatcher(dispatcher: object): void;
}

/**
 * Makes the global fetch() (and every undici request without a dispatcher of
 * its own) use Multipath TCP. Needs the `undici` package. Returns the agent.
 */
export function useForFetch(options: ConnectorOptions = {}): object {
  let undici: UndiciModule;
  try {
    undici = require('undici') as UndiciModule;
  } catch (err) {
    const e = new Error("useForFetch() needs the undici package (npm install undici), whose setGlobalDispatcher the built-in fetch honours") as Error & { code: string; cause: unknown };
    e.code = 'ERR_MPTCP_NO_UNDICI';
    e.cause = err;
    throw e;
  }
  const agent = new undici.Agent({ connect: connector(options) });
  undici.setGlobalDispatcher(agent);
  return agent;
}
