// The same test bodies against node:net and mptcp, on loopback: mptcp must
// behave exactly like node:net (events, errors, options), and in addition
// be Multipath TCP wherever this machine supports it.
import { once } from 'node:events';
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { itUnless, lacks } from '../helpers/requires';
import mptcp from '../../dist/index.js';
import { native } from '../../dist/native/binding.js';
import { encodeSockaddr } from '../../dist/kernel/sockaddr.js';

type Net = typeof net;
const modules: [string, Net][] = [
  ['node:net', net],
  ['mptcp', mptcp as unknown as Net],
];
const multipathHere = mptcp.support().supported;

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function listen(mod: Net, options: net.ServerOpts = {}, onConn?: (s: net.Socket) => void, host = '127.0.0.1'): Promise<{ server: net.Server; port: number }> {
  const accepted = new Set<net.Socket>();
  const server = mod.createServer(options, (s) => {
    accepted.add(s);
    onConn?.(s);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  cleanups.push(() => new Promise((r) => server.close(() => r(undefined))));
  // close() waits for open connections: end them first
  cleanups.push(() => accepted.forEach((s) => s.destroy()));
  return { server, port: (server.address() as net.AddressInfo).port };
}

function track(socket: net.Socket): net.Socket {
  cleanups.push(() => socket.destroy());
  return socket;
}

function record(socket: net.Socket, events: string[]): string[] {
  const out: string[] = [];
  for (const ev of events) socket.on(ev, () => out.push(ev));
  return out;
}

/** A port nothing listens on (taken from a server that closed). */
async function refusedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

function errorShape(err: unknown): Record<string, unknown> {
  const e = err as Record<string, unknown> & Error;
  return {
    name: e.name,
    message: e.message,
    code: e.code,
    errno: e.errno,
    syscall: e.syscall,
    address: e.address,
    port: e.port,
    constructor: (e.constructor as { name: string }).name,
  };
}

async function connectError(mod: Net, options: net.NetConnectOpts): Promise<Record<string, unknown>> {
  const s = mod.connect(options);
  const [err] = (await once(s, 'error')) as [Error];
  return errorShape(err);
}

function syncError(fn: () => unknown): Record<string, unknown> {
  try {
    fn();
  } catch (err) {
    return errorShape(err);
  }
  throw new Error('expected a throw');
}

describe.each(modules)('%s', (name, mod) => {
  const isMptcp = name === 'mptcp';

  it('connects with each overload, echoes data and emits connect then ready', async () => {
    const { port } = await listen(mod, {}, (s) => s.pipe(s));
    const forms: (() => net.Socket)[] = [
      () => mod.connect(port, '127.0.0.1'),
      () => mod.connect({ port, host: '127.0.0.1' }),
      () => mod.createConnection({ port, host: '127.0.0.1' }),
      () => new mod.Socket().connect(port, '127.0.0.1'),
      () => new mod.Socket().connect({ port, host: '127.0.0.1' }),
    ];
    for (const make of forms) {
      const s = track(make());
      const events = record(s, ['connect', 'ready']);
      expect(s.connecting).toBe(true);
      expect(s.readyState).toBe('opening');
      await once(s, 'connect');
      expect(s.readyState).toBe('open');
      expect(s.remoteAddress).toBe('127.0.0.1');
      expect(s.remotePort).toBe(port);
      expect(s.remoteFamily).toBe('IPv4');
      s.write('ping');
      const [data] = await once(s, 'data');
      expect(String(data)).toBe('ping');
      expect(events).toEqual(['connect', 'ready']);
      if (isMptcp) expect(mptcp.isMultipath(s)).toBe(multipathHere);
      s.destroy();
    }
  });

  it('calls the connect listener given to connect()', async () => {
    const { port } = await listen(mod, {}, (s) => s.end());
    const s = track(mod.connect(port, '127.0.0.1', () => s.emit('custom')));
    await once(s, 'custom');
  });

  it('buffers writes made before the connection is up', async () => {
    let received = '';
    const done = new Promise<void>((resolve) => {
      void listen(mod, {}, (s) => {
        s.on('data', (d) => (received += d));
        s.on('end', () => resolve());
      }).then(({ port }) => {
        const c = track(mod.connect(port, '127.0.0.1'));
        c.write('early ');
        c.end('bird');
      });
    });
    await done;
    expect(received).toBe('early bird');
  });

  it('emits lookup for a hostname, with node’s arguments', async () => {
    const { port } = await listen(mod, {}, (s) => s.end());
    const s = track(mod.connect({ port, host: 'localhost', family: 4 }));
    const [err, address, family, host] = await once(s, 'lookup');
    expect([err, address, family, host]).toEqual([null, '127.0.0.1', 4, 'localhost']);
    await once(s, 'connect');
    if (isMptcp) expect(mptcp.isMultipath(s)).toBe(multipathHere);
  });

  it('connects over IPv6 and to a dual-stack listener from IPv4', async () => {
    const { port } = await listen(mod, {}, (s) => s.end(`${s.remoteAddress}`), '::');
    const v6 = track(mod.connect({ port, host: '::1' }));
    const [d6] = await once(v6, 'data');
    expect(String(d6)).toBe('::1');
    expect(v6.remoteFamily).toBe('IPv6');
    const v4 = track(mod.connect({ port, host: '127.0.0.1' }));
    const [d4] = await once(v4, 'data');
    expect(String(d4)).toBe('::ffff:127.0.0.1');
  });

  it('refuses IPv4 on an ipv6Only listener', async () => {
    const server = mod.createServer();
    await new Promise<void>((r) => server.listen({ port: 0, host: '::', ipv6Only: true }, r));
    cleanups.push(() => new Promise((r) => server.close(r)));
    const { port } = server.address() as net.AddressInfo;
    const err = await connectError(mod, { port, host: '127.0.0.1' });
    expect(err.code).toBe('ECONNREFUSED');
  });

  it('binds localAddress and localPort', async () => {
    const { port } = await listen(mod, {}, (s) => s.end(`${s.remotePort}`));
    const localPort = await refusedPort();
    const s = track(mod.connect({ port, host: '127.0.0.1', localAddress: '127.0.0.1', localPort }));
    const [d] = await once(s, 'data');
    expect(Number(String(d))).toBe(localPort);
    expect(s.localPort).toBe(localPort);
  });

  it('applies noDelay, keepAlive and keepAliveInitialDelay', async () => {
    const { port } = await listen(mod, {}, () => {});
    const s = track(mod.connect({ port, host: '127.0.0.1', noDelay: true, keepAlive: true, keepAliveInitialDelay: 7000 }));
    await once(s, 'connect');
    expect(mptcp.getsockopt(s, 'TCP_NODELAY')).toBe(1);
    expect(mptcp.getsockopt(s, 'SO_KEEPALIVE')).toBe(1);
    expect(mptcp.getsockopt(s, 'TCP_KEEPIDLE')).toBe(7);
  });

  it('emits timeout on an idle socket and keeps it open', async () => {
    const { port } = await listen(mod, {}, () => {});
    const s = track(mod.connect({ port, host: '127.0.0.1', timeout: 50 }));
    await once(s, 'timeout');
    expect(s.destroyed).toBe(false);
    expect(s.timeout).toBe(50);
  });

  it('keeps a half-open connection with allowHalfOpen', async () => {
    const serverSide = new Promise<string>((resolve) => {
      void listen(mod, { allowHalfOpen: true }, (s) => {
        s.resume();
        s.on('end', () => {
          // the client has ended; we can still write
          s.end('after your end');
          resolve('ended');
        });
      }).then(({ port }) => {
        const c = track(mod.connect({ port, host: '127.0.0.1', allowHalfOpen: true }));
        let got = '';
        c.on('data', (d) => (got += d));
        c.on('end', () => c.emit('got', got));
        c.end();
        void once(c, 'got').then(([g]) => expect(g).toBe('after your end'));
      });
    });
    expect(await serverSide).toBe('ended');
  });

  it('ends the other direction without allowHalfOpen', async () => {
    const { port } = await listen(mod, {}, (s) => {
      s.resume();
    });
    const c = track(mod.connect({ port, host: '127.0.0.1' }));
    c.end();
    c.resume();
    await once(c, 'end');
    await once(c, 'close');
  });

  it('pauses accepted sockets with pauseOnConnect', async () => {
    const accepted = new Promise<net.Socket>((resolve) => {
      void listen(mod, { pauseOnConnect: true }, resolve).then(({ port }) => {
        const c = track(mod.connect(port, '127.0.0.1'));
        c.write('x');
      });
    });
    const s = track(await accepted);
    expect(s.isPaused()).toBe(true);
    if (isMptcp) expect(mptcp.isMultipath(s)).toBe(multipathHere);
  });

  it('reads into the onread buffer', async () => {
    const { port } = await listen(mod, {}, (s) => s.end('onread data'));
    const buffer = Buffer.alloc(64);
    const got = await new Promise<string>((resolve) => {
      let text = '';
      const s = track(
        mod.connect({
          port,
          host: '127.0.0.1',
          onread: {
            buffer,
            callback: (n: number, b: Buffer) => {
              text += b.toString('utf8', 0, n);
              return true;
            },
          },
        }),
      );
      s.on('end', () => resolve(text));
    });
    expect(got).toBe('onread data');
  });

  it('fails with an AbortError when the signal aborts while connecting', async () => {
    const { port } = await listen(mod);
    const ac = new AbortController();
    const s = track(mod.connect({ port, host: '127.0.0.1', signal: ac.signal }));
    ac.abort();
    const [err] = await once(s, 'error');
    expect(errorShape(err)).toMatchObject({ name: 'AbortError', code: 'ABORT_ERR' });
    await once(s, 'close');
  });

  it('closes a server when its listen signal aborts', async () => {
    const ac = new AbortController();
    const server = mod.createServer();
    server.listen({ port: 0, host: '127.0.0.1', signal: ac.signal });
    await once(server, 'listening');
    ac.abort();
    await once(server, 'close');
    expect(server.listening).toBe(false);
  });

  it('reports bytes written and read after close', async () => {
    const { port } = await listen(mod, {}, (s) => s.resume().end(Buffer.alloc(5000)));
    const s = track(mod.connect(port, '127.0.0.1'));
    s.end(Buffer.alloc(1234));
    s.resume();
    await once(s, 'close');
    expect(s.bytesWritten).toBe(1234);
    expect(s.bytesRead).toBe(5000);
  });

  it('resets the peer with resetAndDestroy', async () => {
    const serverErr = new Promise<Error>((resolve) => {
      void listen(mod, {}, (s) => s.on('error', resolve)).then(({ port }) => {
        const c = track(mod.connect(port, '127.0.0.1', () => c.resetAndDestroy()));
      });
    });
    expect((await serverErr as NodeJS.ErrnoException).code).toBe('ECONNRESET');
  });

  it('listens on a given fd, and on another server’s handle', async () => {
    const { server } = await listen(mod, {}, (s) => s.end('via handle'));
    const second = mod.createServer((s) => s.end('second'));
    // listen(handle): the listening handle moves to `second`
    second.listen((server as unknown as { _handle: object })._handle);
    cleanups.push(() => new Promise((r) => second.close(r)));
    await once(second, 'listening');
    const { port } = second.address() as net.AddressInfo;
    const c = track(mod.connect(port, '127.0.0.1'));
    const [d] = await once(c, 'data');
    expect(String(d)).toBe('second');
  });

  it('connects to a path (IPC), as node:net', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mptcp-ipc-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const sock = path.join(dir, 's');
    const server = mod.createServer((s) => s.end('over ipc'));
    await new Promise<void>((r) => server.listen(sock, r));
    cleanups.push(() => new Promise((r) => server.close(r)));
    const c = track(mod.connect(sock));
    const [d] = await once(c, 'data');
    expect(String(d)).toBe('over ipc');
    expect(mptcp.isMultipath(c)).toBe(false);
    expect(mptcp.fallbackReason(c)).toBe('not-mptcp-socket');
  });

  itUnless(lacks.addon(), 'listens on an fd it is given (socket activation), MPTCP if the fd is', async () => {
    const b = native()!;
    const c = b.constants;
    const fd = b.socket(c.AF_INET!, c.SOCK_STREAM! | c.SOCK_CLOEXEC!, multipathHere ? 262 : 0);
    b.setsockopt(fd, c.SOL_SOCKET!, c.SO_REUSEADDR!, 1);
    b.bind(fd, encodeSockaddr('127.0.0.1', 0));
    const server = mod.createServer((s) => s.end('fd'));
    await new Promise<void>((r) => server.listen({ fd }, r));
    cleanups.push(() => new Promise((r) => server.close(r)));
    expect(mptcp.isMultipath(server)).toBe(multipathHere);
    const { port } = server.address() as net.AddressInfo;
    const client = track(mptcp.connect(port, '127.0.0.1'));
    const [d] = await once(client, 'data');
    expect(String(d)).toBe('fd');
    expect(mptcp.isMultipath(client)).toBe(multipathHere);
  });

  it('counts connections and closes after they end', async () => {
    const { server, port } = await listen(mod, {}, () => {});
    const a = track(mod.connect(port, '127.0.0.1'));
    const b = track(mod.connect(port, '127.0.0.1'));
    await Promise.all([once(a, 'connect'), once(b, 'connect')]);
    await new Promise((r) => setTimeout(r, 20));
    const count = await new Promise<number>((resolve, reject) => server.getConnections((e, n) => (e ? reject(e) : resolve(n))));
    expect(count).toBe(2);
  });
});

describe('mptcp and node:net give the same errors', () => {
  it('ECONNREFUSED', async () => {
    const port = await refusedPort();
    const a = await connectError(net, { port, host: '127.0.0.1' });
    const b = await connectError(mptcp as unknown as Net, { port, host: '127.0.0.1' });
    expect(b).toEqual(a);
    expect(a).toMatchObject({ code: 'ECONNREFUSED', syscall: 'connect', address: '127.0.0.1', port });
  });

  it('ECONNREFUSED with a local address', async () => {
    const port = await refusedPort();
    const localPort = await refusedPort();
    const a = await connectError(net, { port, host: '127.0.0.1', localAddress: '127.0.0.1', localPort });
    const localPort2 = await refusedPort();
    const b = await connectError(mptcp as unknown as Net, { port, host: '127.0.0.1', localAddress: '127.0.0.1', localPort: localPort2 });
    expect({ ...b, message: String(b.message).replace(String(localPort2), 'L') }).toEqual({
      ...a,
      message: String(a.message).replace(String(localPort), 'L'),
    });
  });

  it('a failed lookup (ENOTFOUND), with the same lookup event', async () => {
    const lookup = ((host: string, _o: unknown, cb: (e: Error) => void) => {
      const e = Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND', errno: -3008, syscall: 'getaddrinfo', hostname: host });
      process.nextTick(cb, e);
    }) as unknown as net.LookupFunction;
    const results = [];
    for (const mod of [net, mptcp as unknown as Net]) {
      const s = mod.connect({ port: 80, host: 'nowhere.invalid', lookup });
      const lookups: unknown[] = [];
      s.on('lookup', (err: Error | null, ...rest: unknown[]) => lookups.push([err?.message, ...rest]));
      const [err] = await once(s, 'error');
      results.push({ err: errorShape(err), lookups });
    }
    expect(results[1]).toEqual(results[0]);
    expect(results[0]!.err).toMatchObject({ code: 'ENOTFOUND' });
  });

  it('an address list where the first address refuses (happy eyeballs)', async () => {
    const runs = [];
    for (const mod of [net, mptcp as unknown as Net]) {
      const { port } = await listen(mod, {}, (s) => s.end('ok'));
      const lookup = ((_h: string, o: { all?: boolean }, cb: (...a: unknown[]) => void) => {
        const list = [
          { address: '::1', family: 6 },
          { address: '127.0.0.1', family: 4 },
        ];
        setImmediate(() => (o.all ? cb(null, list) : cb(null, '::1', 6)));
      }) as unknown as net.LookupFunction;
      // ::1 refuses: nothing listens there on this port.
      const s = track(mod.connect({ port, host: 'two.test', lookup, autoSelectFamily: true }));
      const events: unknown[] = [];
      for (const ev of ['lookup', 'connectionAttempt', 'connectionAttemptFailed', 'connectionAttemptTimeout', 'connect', 'ready']) {
        s.on(ev, (...args: unknown[]) =>
          events.push([ev, ...args.map((a) => (a instanceof Error ? (a as NodeJS.ErrnoException).code : a === port ? 'PORT' : a))]),
        );
      }
      const [data] = await once(s, 'data');
      runs.push({ events, data: String(data), attempted: s.autoSelectFamilyAttemptedAddresses.map((a) => a.replace(String(port), 'PORT')) });
      if (mod !== net) expect(mptcp.isMultipath(s)).toBe(multipathHere);
    }
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[0]!.attempted).toEqual(['::1:PORT', '127.0.0.1:PORT']);
  });

  it('every address refusing: an AggregateError with node’s code', async () => {
    const port = await refusedPort();
    const lookup = ((_h: string, o: { all?: boolean }, cb: (...a: unknown[]) => void) => {
      const list = [
        { address: '127.0.0.1', family: 4 },
        { address: '::1', family: 6 },
      ];
      setImmediate(() => (o.all ? cb(null, list) : cb(null, '127.0.0.1', 4)));
    }) as unknown as net.LookupFunction;
    const shapes = [];
    for (const mod of [net, mptcp as unknown as Net]) {
      const s = mod.connect({ port, host: 'none.test', lookup, autoSelectFamily: true });
      const [err] = (await once(s, 'error')) as [AggregateError & { code?: string }];
      shapes.push({
        name: err.name,
        code: err.code,
        ctor: err.constructor.name,
        errors: err.errors.map((e: NodeJS.ErrnoException) => [e.code, e.syscall, e.message]),
      });
    }
    expect(shapes[1]).toEqual(shapes[0]);
    expect(shapes[0]!.errors).toHaveLength(2);
  });

  const badConnects: [string, () => unknown][] = [
    ['no port', () => ({})],
    ['negative port', () => ({ port: -1 })],
    ['port out of range', () => ({ port: 65536 })],
    ['port of the wrong type', () => ({ port: {} })],
    ['bad localAddress', () => ({ port: 80, localAddress: 'not-an-ip' })],
    ['bad localPort', () => ({ port: 80, localPort: 'x' })],
    ['lookup not a function', () => ({ port: 80, host: 'x.test', lookup: 'dns' })],
    ['autoSelectFamily not boolean', () => ({ port: 80, autoSelectFamily: 'yes' })],
    ['autoSelectFamilyAttemptTimeout 0', () => ({ port: 80, autoSelectFamilyAttemptTimeout: 0 })],
    ['bad family for lookup', () => ({ port: 80, host: 'localhost', family: 5 })],
    ['bad hints', () => ({ port: 80, host: 'localhost', hints: -1 })],
    ['objectMode', () => ({ port: 80, objectMode: true })],
    ['keepAliveInitialDelay not a number', () => ({ port: 80, keepAliveInitialDelay: 'x' })],
  ];
  it.each(badConnects)('bad connect input: %s', (_label, make) => {
    const a = syncError(() => net.connect(make() as net.NetConnectOpts).destroy());
    const b = syncError(() => mptcp.connect(make() as mptcp.NetConnectOpts).destroy());
    expect(b).toEqual(a);
  });

  const badServers: [string, (mod: Net) => unknown][] = [
    ['createServer with a string', (m) => m.createServer('x' as unknown as net.ServerOpts)],
    ['listen with no port or path', (m) => m.createServer().listen({} as net.ListenOptions)],
    ['listen on a bad port', (m) => m.createServer().listen(70000)],
    ['listen on a negative port', (m) => m.createServer().listen({ port: -5 })],
    ['bad highWaterMark', (m) => m.createServer({ highWaterMark: 'x' as unknown as number })],
  ];
  it.each(badServers)('bad server input: %s', (_label, fn) => {
    expect(syncError(() => fn(mptcp as unknown as Net))).toEqual(syncError(() => fn(net)));
  });

  it('listen twice: ERR_SERVER_ALREADY_LISTEN', async () => {
    const shapes = [];
    for (const mod of [net, mptcp as unknown as Net]) {
      const s = mod.createServer();
      s.listen(0, '127.0.0.1');
      await once(s, 'listening');
      shapes.push(syncError(() => s.listen(0, '127.0.0.1')));
      await new Promise((r) => s.close(r));
    }
    expect(shapes[1]).toEqual(shapes[0]);
  });

  it('EADDRINUSE on listen', async () => {
    const { port } = await listen(net);
    const shapes = [];
    for (const mod of [net, mptcp as unknown as Net]) {
      const s = mod.createServer();
      s.listen(port, '127.0.0.1');
      const [err] = await once(s, 'error');
      shapes.push(errorShape(err));
      expect(s.listening).toBe(false);
    }
    expect(shapes[1]).toEqual(shapes[0]);
    expect(shapes[0]).toMatchObject({ code: 'EADDRINUSE', syscall: 'listen', address: '127.0.0.1', port });
  });

  it('EADDRINUSE on the unspecified address', async () => {
    const { port } = await listen(net, {}, undefined, '::');
    const shapes = [];
    for (const mod of [net, mptcp as unknown as Net]) {
      const s = mod.createServer();
      s.listen(port);
      const [err] = await once(s, 'error');
      shapes.push(errorShape(err));
    }
    expect(shapes[1]).toEqual(shapes[0]);
  });

  it('EADDRNOTAVAIL for an address that is not local', async () => {
    const shapes = [];
    for (const mod of [net, mptcp as unknown as Net]) {
      const s = mod.createServer();
      // 192.0.2.1 (TEST-NET-1) is not configured here: bind() fails, nothing is sent
      s.listen(0, '192.0.2.1');
      const [err] = await once(s, 'error');
      shapes.push(errorShape(err));
    }
    expect(shapes[1]).toEqual(shapes[0]);
    expect(shapes[0]).toMatchObject({ code: 'EADDRNOTAVAIL', syscall: 'listen' });
  });

  it('server.address() and the listening event have node’s values', async () => {
    const a = await listen(net, {}, undefined, '::1');
    const b = await listen(mptcp as unknown as Net, {}, undefined, '::1');
    expect({ ...(b.server.address() as net.AddressInfo), port: 0 }).toEqual({ ...(a.server.address() as net.AddressInfo), port: 0 });
    expect(mptcp.isMultipath(b.server)).toBe(multipathHere);
    expect(mptcp.isMultipath(a.server)).toBe(false);
  });
});
