// HTTP clients over Multipath TCP: http.Agent and https.Agent whose
// connections are mptcp sockets. Everything else is node's own Agent:
// pooling, keep-alive, scheduling, and for https the TLS session cache, SNI
// and ALPN (https.Agent's createConnection runs as is, over our socket).
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import { connect, type MultipathOptions, type NetConnectOpts } from '../net/socket';
import { validateMode } from '../net/state';
import { validateSocketOptions } from '../net/sockopt';

export interface AgentOptions extends http.AgentOptions, MultipathOptions {}
export interface HttpsAgentOptions extends https.AgentOptions, MultipathOptions {}

type Callback = (err: Error | null, stream: Duplex) => void;

function multipathOf(options: MultipathOptions | undefined): MultipathOptions {
  return {
    multipath: validateMode(options?.multipath, 'options.multipath') ?? true,
    socketOptions: validateSocketOptions(options?.socketOptions, 'options.socketOptions'),
  };
}

/** The MPTCP socket for one connection of an agent, with the agent's options. */
function mptcpSocket(options: NetConnectOpts & Record<string, unknown>, own: MultipathOptions): ReturnType<typeof connect> {
  const { multipath = own.multipath, socketOptions = own.socketOptions } = options;
  return connect({ ...options, multipath, socketOptions } as NetConnectOpts);
}

/** An http.Agent whose connections are Multipath TCP (where the server speaks it). */
export class Agent extends http.Agent {
  readonly #multipath: MultipathOptions;

  constructor(options?: AgentOptions) {
    super(options);
    this.#multipath = multipathOf(options);
  }

  /** As node's (net.createConnection(options, callback)), with an MPTCP socket. */
  override createConnection(options: NetConnectOpts & Record<string, unknown>, callback?: Callback): Duplex {
    const socket = mptcpSocket(options, this.#multipath);
    // node passes the agent's callback as the connect listener too; the agent takes the first call.
    if (callback) socket.once('connect', callback as () => void);
    return socket;
  }
}

/** An https.Agent whose connections are TLS over Multipath TCP. */
export class HttpsAgent extends https.Agent {
  readonly #multipath: MultipathOptions;

  constructor(options?: HttpsAgentOptions) {
    super(options);
    this.#multipath = multipathOf(options);
  }

  override createConnection(options: NetConnectOpts & Record<string, unknown>, callback?: Callback): Duplex {
    // https.Agent's own createConnection (session reuse, tls.connect) over our socket.
    const socket = options.socket ? undefined : mptcpSocket(options, this.#multipath);
    const tlsOptions = socket ? { ...options, socket } : options;
    return (https.Agent.prototype as unknown as { createConnection(o: object, cb?: Callback): Duplex }).createConnection.call(
      this,
      tlsOptions,
      callback,
    );
  }
}
