// `node --import mptcp/register app.js` (or --require, or `import 'mptcp/register'`):
// every TCP connection and listener of an unmodified app becomes Multipath TCP
// where possible. What every user of node:net goes through is
// net.Socket.prototype.connect and net.Server.prototype.listen (http.get,
// tls.connect, the built-in fetch, http/https/http2/tls servers all reach
// them), so those two are replaced by this package's, which hand node:net an
// MPTCP fd and otherwise leave everything to it: IPC paths, sockets made from
// fds or handles, and listeners on handles pass through untouched. Policy
// comes from the environment (see policy.ts); children (cluster workers,
// child processes) get the hook through NODE_OPTIONS.
import net from 'node:net';
import { normalizeArgs } from '../net/args';
import { listenMultipath } from '../net/server';
import { connectMultipath } from '../net/socket';
import { fallbackReason, isMultipath } from '../net/status';
import { ensureServerState, ensureSocketState, type SocketState } from '../net/state';
import { addressAllowed, nameAllowed, policyFromEnv, type Policy } from './policy';

const kRegistered = Symbol.for('mptcp.register');

function log(line: string): void {
  process.stderr.write(`mptcp[${process.pid}]: ${line}\n`);
}

function describe(socket: net.Socket): string {
  return isMultipath(socket) ? 'MPTCP' : `TCP (${fallbackReason(socket) ?? 'unknown'})`;
}

/** Sets the socket's mode for this connect from the policy and the destination. */
function applyClientPolicy(policy: Policy, st: SocketState, options: Record<string, unknown>): void {
  st.allowAddress = undefined;
  st.mode = policy.clients;
  const rules = policy.hosts;
  if (policy.clients === false || !rules || options.path != null) return;
  const host = typeof options.host === 'string' && options.host ? options.host : 'localhost';
  if (net.isIP(host)) {
    if (!addressAllowed(rules, host)) st.mode = false;
  } else if (!nameAllowed(rules, host)) {
    // A name not listed may still resolve into a listed subnet.
    if (rules.addresses) st.allowAddress = (address) => addressAllowed(rules, address);
    else st.mode = false;
  }
}

function install(policy: Policy): void {
  net.Socket.prototype.connect = function connect(this: net.Socket, ...args: unknown[]): net.Socket {
    const [options] = normalizeArgs(args);
    applyClientPolicy(policy, ensureSocketState(this), options);
    if (policy.debug && options.path == null) {
      this.once('connect', () => log(`connect ${this.remoteAddress}:${this.remotePort} ${describe(this)}`));
    }
    return connectMultipath.apply(this, args);
  } as typeof net.Socket.prototype.connect;

  net.Server.prototype.listen = function listen(this: net.Server, ...args: unknown[]): net.Server {
    ensureServerState(this).mode = policy.servers;
    if (policy.debug) {
      this.once('listening', () => {
        const a = this.address();
        if (a && typeof a === 'object') log(`listen ${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port} ${isMultipath(this) ? 'MPTCP' : `TCP (${fallbackReason(this) ?? 'unknown'})`}`);
      });
      if (!this.listeners('connection').includes(logAccepted)) this.prependListener('connection', logAccepted);
    }
    return listenMultipath.apply(this, args);
  } as typeof net.Server.prototype.listen;
}

function logAccepted(socket: net.Socket): void {
  if (socket.remoteAddress !== undefined) log(`accept ${socket.remoteAddress}:${socket.remotePort} ${describe(socket)}`);
}

/** Children of this process (cluster workers, child processes) load the hook too. */
function propagate(): void {
  const flag = `--require ${JSON.stringify(__filename)}`;
  const current = process.env.NODE_OPTIONS ?? '';
  if (!current.includes(__filename)) process.env.NODE_OPTIONS = current ? `${current} ${flag}` : flag;
}

function register(): void {
  const g = globalThis as Record<symbol, unknown>;
  if (g[kRegistered]) return;
  g[kRegistered] = true;
  let policy: Policy;
  try {
    policy = policyFromEnv();
  } catch (err) {
    process.emitWarning(`${(err as Error).message}. mptcp/register changed nothing: connections and listeners stay node:net's.`, {
      code: 'MPTCP_REGISTER_POLICY',
    });
    return;
  }
  install(policy);
  propagate();
}

register();
