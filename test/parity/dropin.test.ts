// mptcp as a drop-in for node:net: constructors callable without `new` and
// usable for both kinds of inheritance, every listen() overload with node's
// 'listening' timing, the exports of the running Node, BoundSocket, and a
// listener path that never touches Server.prototype._listen2.
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import path from 'node:path';
import util from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import mptcp from '../../dist/index.js';

type Net = typeof net;
const root = path.join(__dirname, '..', '..');
const multipathHere = mptcp.support().supported;
const BoundSocket = (net as unknown as { BoundSocket?: new (o: object) => { address(): net.AddressInfo; close(): void } }).BoundSocket;

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function closeLater(server: net.Server): void {
  cleanups.push(() => new Promise((r) => (server.listening ? server.close(() => r(undefined)) : r(undefined))));
}

async function connected(port: number, mod: Net = mptcp as unknown as Net): Promise<net.Socket> {
  const s = mod.connect(port, '127.0.0.1');
  cleanups.push(() => s.destroy());
  await once(s, 'connect');
  return s;
}

describe('constructors behave as node:net’s', () => {
  it('Socket() and Server() work without new', () => {
    const s = (mptcp.Socket as unknown as (o?: object) => net.Socket)();
    const srv = (mptcp.Server as unknown as (o?: object) => net.Server)({ pauseOnConnect: true });
    expect(s).toBeInstanceOf(mptcp.Socket);
    expect(s).toBeInstanceOf(net.Socket);
    expect(srv).toBeInstanceOf(mptcp.Server);
    expect(srv).toBeInstanceOf(net.Server);
    expect(srv.pauseOnConnect).toBe(true);
    expect(Object.getPrototypeOf(s)).toBe(mptcp.Socket.prototype);
    expect(mptcp.Socket.prototype.constructor).toBe(mptcp.Socket);
    expect(Object.getPrototypeOf(mptcp.Socket.prototype)).toBe(net.Socket.prototype);
    expect(mptcp.Socket.name).toBe('Socket');
    expect(mptcp.Server.name).toBe('Server');
    // node's statics come along (stream.Duplex.from, …)
    expect(mptcp.Socket.from).toBe(net.Socket.from);
    // and the same argument checks as node's
    expect(() => (mptcp.Server as unknown as (o: unknown) => unknown)('x')).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }),
    );
  });

  it('class syntax: a subclass connects over MPTCP and keeps its own methods', async () => {
    class Traced extends mptcp.Socket {
      seen = 0;
      override setNoDelay(noDelay?: boolean): this {
        this.seen++;
        return super.setNoDelay(noDelay);
      }
    }
    const server = mptcp.createServer((s) => s.pipe(s));
    server.listen(0, '127.0.0.1');
    closeLater(server);
    await once(server, 'listening');
    const t = new Traced();
    cleanups.push(() => t.destroy());
    t.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
    await once(t, 'connect');
    t.setNoDelay(true).write('x');
    await once(t, 'data');
    expect(t).toBeInstanceOf(mptcp.Socket);
    expect(t.seen).toBe(1);
    expect(t.multipath).toBe(multipathHere);
  });

  it('ES5 style: Socket.call(this) with util.inherits, as for net.Socket', async () => {
    function Legacy(this: net.Socket & { legacy: boolean }, options?: object) {
      (mptcp.Socket as unknown as (this: unknown, o?: object) => void).call(this, options);
      this.legacy = true;
    }
    util.inherits(Legacy, mptcp.Socket as unknown as new () => net.Socket);
    const server = mptcp.createServer((s) => s.end('hi'));
    server.listen(0, '127.0.0.1');
    closeLater(server);
    await once(server, 'listening');
    const s = new (Legacy as unknown as new (o?: object) => net.Socket & { legacy: boolean })({ allowHalfOpen: true });
    cleanups.push(() => s.destroy());
    s.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
    const [data] = await once(s, 'data');
    expect(String(data)).toBe('hi');
    expect(s.legacy).toBe(true);
    expect(s.allowHalfOpen).toBe(true);
    expect(mptcp.isMultipath(s)).toBe(multipathHere);
  });

  it('accepted sockets are mptcp.Socket from the start, with node’s server options applied', async () => {
    const server = mptcp.createServer({ noDelay: true, keepAlive: true, keepAliveInitialDelay: 3000, allowHalfOpen: true });
    server.listen(0, '127.0.0.1');
    closeLater(server);
    await once(server, 'listening');
    const accepted = once(server, 'connection');
    const c = await connected((server.address() as net.AddressInfo).port);
    const [s] = (await accepted) as [mptcp.Socket];
    cleanups.push(() => s.destroy());
    expect(s).toBeInstanceOf(mptcp.Socket);
    expect(Object.getPrototypeOf(s)).toBe(mptcp.Socket.prototype);
    expect(s.allowHalfOpen).toBe(true);
    expect((s as unknown as { server: unknown }).server).toBe(server);
    expect(mptcp.getsockopt(s, 'TCP_NODELAY')).toBe(1);
    expect(mptcp.getsockopt(s, 'SO_KEEPALIVE')).toBe(1);
    expect(mptcp.getsockopt(s, 'TCP_KEEPIDLE')).toBe(3);
    expect(s.multipath).toBe(multipathHere);
    expect(await new Promise((r) => server.getConnections((_e, n) => r(n)))).toBe(1);
    c.destroy();
  });
});

/** The order in which 'listening' and the callback come, against nextTick and setImmediate. */
async function listenTiming(mod: Net, args: (cb: () => void) => unknown[]): Promise<{ order: string[]; address: unknown; returned: boolean }> {
  const server = mod.createServer();
  closeLater(server);
  const order: string[] = [];
  server.on('listening', () => order.push('listening'));
  const returned = server.listen(...(args(() => order.push('callback')) as Parameters<net.Server['listen']>)) === server;
  order.push('sync');
  process.nextTick(() => order.push('tick'));
  setImmediate(() => order.push('immediate'));
  await once(server, 'listening');
  await new Promise((r) => setTimeout(r, 20));
  const a = server.address() as net.AddressInfo;
  return { order, address: { ...a, port: a.port > 0 }, returned };
}

describe('listen(): every overload, node’s timing', () => {
  const forms: [string, (cb: () => void) => unknown[]][] = [
    ['()', () => []],
    ['(cb)', (cb) => [cb]],
    ['(null, cb)', (cb) => [null, cb]],
    ['(0, cb)', (cb) => [0, cb]],
    ["('0', cb) a port in a string", (cb) => ['0', cb]],
    ['(0, host, cb)', (cb) => [0, '127.0.0.1', cb]],
    ['(0, host, backlog, cb)', (cb) => [0, '127.0.0.1', 16, cb]],
    ['(0, backlog, cb)', (cb) => [0, 16, cb]],
    ["(0, 'localhost', cb)", (cb) => [0, 'localhost', cb]],
    ['({ port })', (cb) => [{ port: 0 }, cb]],
    ['({ port: undefined })', (cb) => [{ port: undefined }, cb]],
    ['({ port, host: "::1", ipv6Only })', (cb) => [{ port: 0, host: '::1', ipv6Only: true }, cb]],
    ['({ port, exclusive, backlog })', (cb) => [{ port: 0, exclusive: true, backlog: 5 }, cb]],
  ];
  it.each(forms)('listen%s', async (label, args) => {
    const a = await listenTiming(net, args);
    const b = await listenTiming(mptcp as unknown as Net, args);
    // A host name goes through getaddrinfo on the thread pool, which may or may
    // not finish within one turn of the loop: only the rest of the order is fixed.
    if (label.includes('localhost')) for (const r of [a, b]) r.order = r.order.filter((e) => e !== 'immediate');
    expect(b).toEqual(a);
  });

  it('a missing port in an options object becomes 0 there, as node does', () => {
    const mine = { port: undefined } as { port?: number };
    const theirs = { port: undefined } as { port?: number };
    const s1 = mptcp.createServer().listen(mine);
    const s2 = net.createServer().listen(theirs);
    closeLater(s1);
    closeLater(s2);
    expect(mine).toEqual(theirs);
    expect(mine.port).toBe(0);
  });

  it('an already aborted signal closes the server, as node does', async () => {
    const out = [];
    for (const mod of [net, mptcp as unknown as Net]) {
      const s = mod.createServer();
      const events: string[] = [];
      for (const e of ['listening', 'close', 'error']) s.on(e, () => events.push(e));
      s.listen({ port: 0, host: '127.0.0.1', signal: AbortSignal.abort() });
      await new Promise((r) => setTimeout(r, 30));
      out.push({ events, listening: s.listening });
    }
    expect(out[1]).toEqual(out[0]);
  });

  it('a later listen() overtakes one whose lookup is still running', async () => {
    const out = [];
    for (const mod of [net, mptcp as unknown as Net]) {
      const s = mod.createServer();
      closeLater(s);
      s.listen(0, 'localhost'); // its lookup is dropped by the next listen()
      s.listen(0, '127.0.0.1');
      await once(s, 'listening');
      out.push((s.address() as net.AddressInfo).address);
    }
    expect(out[1]).toEqual(out[0]);
  });

  it('listens on MPTCP for every TCP form', async () => {
    for (const args of [[0], [0, '127.0.0.1'], [{ port: 0, host: '::' }], [0, 'localhost']]) {
      const s = mptcp.createServer();
      closeLater(s);
      s.listen(...(args as [number]));
      await once(s, 'listening');
      expect(s.multipath, JSON.stringify(args)).toBe(multipathHere);
    }
  });
});

describe('exports follow the running Node’s node:net', () => {
  it('CommonJS and ESM export exactly node:net’s names plus this package’s', () => {
    const out = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import * as esm from ${JSON.stringify(path.join(root, 'dist', 'index.mjs'))};
         import { createRequire } from 'node:module';
         import * as netEsm from 'node:net';
         const require = createRequire(${JSON.stringify(path.join(root, 'x.js'))});
         const cjs = require('./dist/index.js');
         const net = require('node:net');
         console.log(JSON.stringify({
           esm: Object.keys(esm).sort(), cjs: Object.keys(cjs).sort(), net: Object.keys(netEsm).sort(),
           passedThrough: Object.keys(net).filter((k) => !['Socket', 'Stream', 'Server', 'connect', 'createConnection', 'createServer'].includes(k))
             .filter((k) => esm[k] !== net[k] || cjs[k] !== net[k] || esm.default[k] !== net[k]),
         }));`,
      ],
      { cwd: root, encoding: 'utf8' },
    );
    const { esm, cjs, net: netNames, passedThrough } = JSON.parse(out) as Record<string, string[]>;
    const ours = ['default', 'Agent', 'HttpsAgent', 'undiciConnector', 'useForFetch', 'withMultipath', 'constants', 'extendSockets', 'fallbackCache', 'fallbackReason', 'getsockopt', 'info', 'isMultipath', 'listen', 'pathManagerMode', 'pm', 'setBackup', 'setPathOptions', 'setsockopt', 'socketOptionNames', 'subflows', 'SubflowWatcher', 'support', 'watch'];
    expect(esm).toEqual([...new Set([...netNames!, ...ours])].sort());
    expect(cjs).toEqual([...new Set([...netNames!, ...ours])].sort());
    expect(passedThrough).toEqual([]);
    // What this Node has, and nothing more.
    expect('BoundSocket' in mptcp).toBe('BoundSocket' in net);
    expect('_setSimultaneousAccepts' in mptcp).toBe('_setSimultaneousAccepts' in net);
  });
});

describe('net.BoundSocket', () => {
  if (!BoundSocket) {
    it('is absent here, as in node:net', () => {
      expect(mptcp).not.toHaveProperty('BoundSocket');
    });
    return;
  }
  it('adopted by an mptcp.Server: an MPTCP listener on the bound address', async () => {
    const bound = new BoundSocket({ host: '127.0.0.1', port: 0 });
    const { port } = bound.address();
    // The client is destroyed with 'ok' unread: the server's socket may then see a reset.
    const server = mptcp.createServer((s) => s.on('error', () => {}).end('ok'));
    closeLater(server);
    server.listen(bound);
    await once(server, 'listening');
    expect((server.address() as net.AddressInfo).port).toBe(port);
    expect(server.multipath).toBe(multipathHere);
    const c = await connected(port);
    expect(c.multipath).toBe(multipathHere);
  });

  it('adopted by an mptcp.Socket: an MPTCP connection from the bound address', async () => {
    const server = mptcp.createServer((s) => s.on('error', () => {}).end('ok'));
    server.listen(0, '127.0.0.1');
    closeLater(server);
    await once(server, 'listening');
    const bound = new BoundSocket({ host: '127.0.0.1', port: 0 });
    const { port: localPort } = bound.address();
    const s = new mptcp.Socket({ handle: bound } as mptcp.SocketConstructorOpts);
    cleanups.push(() => s.destroy());
    s.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
    await once(s, 'connect');
    expect(s.localPort).toBe(localPort);
    expect(s.multipath).toBe(multipathHere);
  });

  it('adopted by node:net’s own Server: stays node’s plain TCP', async () => {
    const server = net.createServer();
    closeLater(server);
    server.listen(new BoundSocket({ host: '127.0.0.1', port: 0 }));
    await once(server, 'listening');
    expect(mptcp.isMultipath(server)).toBe(false);
    expect(mptcp.getsockopt(server, 'SO_PROTOCOL')).toBe(6);
  });
});

describe('Server.prototype._listen2 (runtime-deprecated upstream)', () => {
  it('is neither defined, read nor called by this package, and listeners are still MPTCP', () => {
    // node:net itself still calls server._listen2 internally; anything else touching it throws here.
    const script = `
      const net = require('node:net');
      const original = net.Server.prototype._listen2;
      delete net.Server.prototype._listen2;
      const mptcp = require(${JSON.stringify(path.join(root, 'dist', 'index.js'))});
      const touched = [];
      Object.defineProperty(net.Server.prototype, '_listen2', {
        get() {
          // The frame that reads it: node:net's listenInCluster, never this package.
          const caller = new Error().stack.split('\\n')[2];
          if (!caller.includes('(node:net:')) touched.push(caller);
          return original;
        },
        set() { touched.push('assigned'); },
      });
      const results = [];
      const forms = [[0], [0, '127.0.0.1'], [{ port: 0, host: '::1' }], [0, 'localhost'], [{ port: 0, reusePort: true }]];
      let left = forms.length;
      for (const args of forms) {
        const s = mptcp.createServer();
        s.listen(...args, () => {
          results.push({ args, multipath: s.multipath, protocol: mptcp.getsockopt(s, 'SO_PROTOCOL') });
          s.close();
          if (--left === 0) console.log(JSON.stringify({ results, touched, own: Object.hasOwn(mptcp.Server.prototype, '_listen2') }));
        });
      }`;
    const out = JSON.parse(execFileSync(process.execPath, ['--throw-deprecation', '--pending-deprecation', '-e', script], { encoding: 'utf8' }));
    expect(out.touched).toEqual([]);
    expect(out.own).toBe(false);
    expect(out.results).toHaveLength(5);
    for (const r of out.results) expect(r, JSON.stringify(r.args)).toMatchObject({ multipath: multipathHere, protocol: multipathHere ? 262 : 6 });
  });
});
