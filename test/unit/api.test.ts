// The public surface: everything node:net exports, both module formats,
// and Node-style errors for bad input to this package's own functions.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { once } from 'node:events';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { itUnless, lacks } from '../helpers/requires';
import mptcp, * as named from '../../dist/index.js';

const root = path.join(__dirname, '..', '..');
const multipathHere = mptcp.support().supported;

function thrown(fn: () => unknown): Error & { code?: string } {
  try {
    fn();
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected a throw');
}

const openServers: net.Server[] = [];
afterAll(() => openServers.forEach((s) => s.close()));

async function pair(): Promise<{ client: mptcp.Socket; server: mptcp.Socket }> {
  const srv = mptcp.createServer();
  openServers.push(srv);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const accepted = once(srv, 'connection');
  const client = mptcp.connect((srv.address() as net.AddressInfo).port, '127.0.0.1');
  await once(client, 'connect');
  const [server] = (await accepted) as [mptcp.Socket];
  return { client, server };
}

describe('exports', () => {
  it('has everything node:net has, as default and as named exports', () => {
    for (const key of Object.keys(net)) {
      expect(mptcp, key).toHaveProperty(key);
      expect(named, key).toHaveProperty(key);
    }
  });

  it('replaces Socket, Server, connect, createConnection, createServer (and Stream)', () => {
    expect(mptcp.Socket).not.toBe(net.Socket);
    expect(mptcp.Stream).toBe(mptcp.Socket);
    expect(new mptcp.Socket()).toBeInstanceOf(net.Socket);
    expect(new mptcp.Server()).toBeInstanceOf(net.Server);
    expect(mptcp.createConnection).toBe(mptcp.connect);
    expect(mptcp.isIP).toBe(net.isIP);
  });

  it('loads with require() and import() as the same objects', () => {
    const out = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { createRequire } from 'node:module';
         const require = createRequire(${JSON.stringify(path.join(root, 'x.js'))});
         const cjs = require('mptcp');
         const esm = await import('mptcp');
         console.log(JSON.stringify({
           same: cjs.Socket === esm.Socket && esm.default.Socket === esm.Socket && cjs.default === esm.default,
           named: typeof esm.isMultipath, cjsNamed: typeof cjs.connect, support: esm.support() === cjs.support(),
         }));`,
      ],
      { cwd: root, encoding: 'utf8' },
    );
    expect(JSON.parse(out)).toEqual({ same: true, named: 'function', cjsNamed: 'function', support: true });
  });

  it('mptcp/testing loads with require() and import() as the same objects', () => {
    const out = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { createRequire } from 'node:module';
         const require = createRequire(${JSON.stringify(path.join(root, 'x.js'))});
         const cjs = require('mptcp/testing');
         const esm = await import('mptcp/testing');
         console.log(JSON.stringify({
           same: Object.keys(cjs).filter((k) => k !== '__esModule').every((k) => esm[k] === cjs[k]),
           names: Object.keys(esm).sort(),
         }));`,
      ],
      { cwd: root, encoding: 'utf8' },
    );
    expect(JSON.parse(out)).toEqual({
      same: true,
      names: ['Agent', 'AgentError', 'Netns', 'TwoHosts', 'deleteStale', 'hasCommand', 'netnsAvailability', 'parseNetstat', 'pathAddresses', 'publicInstall', 'readableByOthers', 'sh', 'veth'],
    });
  });

  it('ships declarations for every entry point, with no any', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    for (const entry of ['.', './pm', './testing']) expect(fs.existsSync(path.join(root, pkg.exports[entry].types))).toBe(true);
    const walk = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : [path.join(dir, d.name)]));
    for (const file of walk(path.join(root, 'types')).filter((f) => f.endsWith('.d.ts'))) {
      const code = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      expect(code, path.relative(root, file)).not.toMatch(/\bany\b/);
    }
  });

  it('has a bin that runs', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const out = execFileSync(process.execPath, [path.join(root, pkg.bin.mptcp), 'help'], { encoding: 'utf8' });
    expect(out).toMatch(/^Usage: mptcp COMMAND/);
  });
});

describe('constants', () => {
  it('has the UAPI values', () => {
    expect(mptcp.constants).toMatchObject({
      IPPROTO_MPTCP: 262,
      SOL_MPTCP: 284,
      MPTCP_INFO: 1,
      MPTCP_TCPINFO: 2,
      MPTCP_SUBFLOW_ADDRS: 3,
      MPTCP_FULL_INFO: 4,
      TCP_IS_MPTCP: 43,
      MPTCP_INFO_FLAG_FALLBACK: 1,
      MPTCP_INFO_FLAG_REMOTE_KEY_RECEIVED: 2,
    });
    expect(Object.isFrozen(mptcp.constants)).toBe(true);
  });
});

describe('support()', () => {
  it('is cached, and refreshes on request', () => {
    const a = mptcp.support();
    expect(mptcp.support()).toBe(a);
    const b = mptcp.support({ refresh: true });
    expect(b).not.toBe(a);
    expect(b).toEqual(a);
    expect(a.kernel).toBe(require('node:os').release());
  });

  it('rejects bad options', () => {
    expect(thrown(() => mptcp.support(5 as never)).code).toBe('ERR_INVALID_ARG_TYPE');
    expect(thrown(() => mptcp.support({ refresh: 'yes' as never })).code).toBe('ERR_INVALID_ARG_TYPE');
  });
});

describe('bad input', () => {
  it('to the socket functions: ERR_INVALID_ARG_TYPE', () => {
    for (const fn of [mptcp.isMultipath, mptcp.fallbackReason, mptcp.info, mptcp.subflows] as ((x: unknown) => unknown)[]) {
      for (const bad of [undefined, null, 3, 'socket', {}, { _handle: { fd: 0 } }]) {
        const e = thrown(() => fn(bad));
        expect(e.code).toBe('ERR_INVALID_ARG_TYPE');
        expect(e).toBeInstanceOf(TypeError);
      }
    }
  });

  it('multipath option: ERR_INVALID_ARG_VALUE', () => {
    for (const bad of ['yes', 1, null]) {
      expect(thrown(() => new mptcp.Socket({ multipath: bad as never })).code).toBe('ERR_INVALID_ARG_VALUE');
      expect(thrown(() => mptcp.createServer({ multipath: bad as never })).code).toBe('ERR_INVALID_ARG_VALUE');
      expect(thrown(() => mptcp.connect({ port: 1, multipath: bad as never })).code).toBe('ERR_INVALID_ARG_VALUE');
    }
    expect(thrown(() => new mptcp.Socket({ multipath: 'yes' as never })).message).toBe(
      "The property 'options.multipath' must be true, false or 'require'. Received 'yes'",
    );
  });

  it('socketOptions: unknown names, read-only options and wrong value types', () => {
    expect(thrown(() => mptcp.connect({ port: 1, socketOptions: { NOPE: 1 } as never })).code).toBe('ERR_INVALID_ARG_VALUE');
    expect(thrown(() => mptcp.connect({ port: 1, socketOptions: { SO_PROTOCOL: 6 } as never })).code).toBe('ERR_INVALID_ARG_VALUE');
    expect(thrown(() => mptcp.connect({ port: 1, socketOptions: { SO_MARK: 'x' } as never })).code).toBe('ERR_INVALID_ARG_TYPE');
    expect(thrown(() => mptcp.connect({ port: 1, socketOptions: { SO_MARK: 2 ** 40 } })).code).toBe('ERR_OUT_OF_RANGE');
    expect(thrown(() => mptcp.connect({ port: 1, socketOptions: [] as never })).code).toBe('ERR_INVALID_ARG_TYPE');
  });

  it('a socket that never connected has no fd', () => {
    const s = new mptcp.Socket();
    expect(thrown(() => mptcp.info(s)).code).toBe('ERR_MPTCP_NO_FD');
    expect(thrown(() => mptcp.getsockopt(s, 'TCP_NODELAY')).code).toBe('ERR_MPTCP_NO_FD');
    expect(mptcp.isMultipath(s)).toBe(false);
    expect(mptcp.fallbackReason(s)).toBe(null);
  });

  it('a destroyed socket: ERR_SOCKET_CLOSED, and the last answers stay readable', async () => {
    const { client, server } = await pair();
    const before = client.multipath;
    client.destroy();
    server.destroy();
    expect(thrown(() => client.info()).code).toBe('ERR_SOCKET_CLOSED');
    expect(thrown(() => client.subflows()).code).toBe('ERR_SOCKET_CLOSED');
    expect(thrown(() => client.setsockopt('SO_MARK', 1)).code).toBe('ERR_SOCKET_CLOSED');
    expect(client.multipath).toBe(before);
    expect(before).toBe(multipathHere);
  });

  it('getsockopt/setsockopt: names, levels, types and sizes', async () => {
    const { client } = await pair();
    expect(thrown(() => mptcp.getsockopt(client, 'NOPE' as never)).code).toBe('ERR_INVALID_ARG_VALUE');
    expect(thrown(() => mptcp.getsockopt(client, {} as never)).code).toBe('ERR_INVALID_ARG_TYPE');
    expect(thrown(() => mptcp.setsockopt(client, 'TCP_IS_MPTCP' as never, 1 as never)).code).toBe('ERR_INVALID_ARG_VALUE');
    expect(thrown(() => mptcp.setsockopt(client, 'TCP_CONGESTION', 5 as never)).code).toBe('ERR_INVALID_ARG_TYPE');
    expect(thrown(() => mptcp.setsockopt(client, 'SO_LINGER', { onoff: 1 } as never)).code).toBe('ERR_INVALID_ARG_TYPE');
    expect(thrown(() => mptcp.getsockopt(client, -1, 1)).code).toBe('ERR_OUT_OF_RANGE');
    expect(thrown(() => mptcp.getsockopt(client, 6, 1, 'float' as never)).code).toBe('ERR_INVALID_ARG_VALUE');
    expect(thrown(() => mptcp.setsockopt(client, 6, 1, 'x' as never)).code).toBe('ERR_INVALID_ARG_TYPE');
    // a wrong size goes to the kernel, which says EINVAL
    const e = thrown(() => mptcp.setsockopt(client, mptcp.constants.SOL_SOCKET, mptcp.constants.SO_MARK, Buffer.alloc(1)));
    expect(e).toMatchObject({ code: 'EINVAL', errno: -22, syscall: 'setsockopt' });
    client.destroy();
  });
});

describe('socket options by name and by number', () => {
  it('round-trips ints, strings, linger and bigints', async () => {
    const { client } = await pair();
    client.setsockopt('TCP_CONGESTION', 'reno');
    expect(client.getsockopt('TCP_CONGESTION')).toBe('reno');
    client.setsockopt('SO_KEEPALIVE', true);
    expect(mptcp.getsockopt(client, 'SO_KEEPALIVE')).toBe(1);
    client.setsockopt('TCP_KEEPIDLE', 42);
    expect(client.getsockopt('TCP_KEEPIDLE')).toBe(42);
    client.setsockopt('SO_LINGER', { onoff: 1, linger: 3 });
    expect(client.getsockopt('SO_LINGER')).toEqual({ onoff: 1, linger: 3 });
    expect(typeof client.getsockopt('SO_COOKIE')).toBe('bigint');
    expect(client.getsockopt('SO_PROTOCOL')).toBe(multipathHere ? 262 : 6);
    expect(client.getsockopt(mptcp.constants.SOL_TCP, mptcp.constants.TCP_KEEPIDLE)).toBe(42);
    const raw = client.getsockopt(mptcp.constants.SOL_TCP, mptcp.constants.TCP_CONGESTION, 16) as Buffer;
    expect(raw.toString('latin1').replace(/\0+$/, '')).toBe('reno');
    expect(client.getsockopt('TCP_INFO').state).toBe(mptcp.constants.TCP_ESTABLISHED);
    client.destroy();
  });

  itUnless(lacks.mptcp(), 'names the option the kernel refuses on an MPTCP socket', async () => {
    const { client } = await pair();
    const e = thrown(() => client.setsockopt('TCP_USER_TIMEOUT', 1000)) as Error & { option?: string; errno?: number; syscall?: string };
    expect(e).toMatchObject({ code: 'ENOPROTOOPT', errno: -92, syscall: 'setsockopt', option: 'TCP_USER_TIMEOUT' });
    expect(e.message).toBe(
      `setsockopt ENOPROTOOPT: TCP_USER_TIMEOUT is not supported on MPTCP sockets by this kernel (Linux ${require('node:os').release()})`,
    );
    client.destroy();
  });

  it('lists its option names', () => {
    expect(mptcp.socketOptionNames()).toEqual(
      expect.arrayContaining([
        'TCP_NODELAY', 'TCP_CONGESTION', 'TCP_USER_TIMEOUT', 'TCP_KEEPIDLE', 'TCP_KEEPINTVL', 'TCP_KEEPCNT',
        'TCP_NOTSENT_LOWAT', 'TCP_INQ', 'TCP_FASTOPEN', 'TCP_FASTOPEN_CONNECT', 'SO_KEEPALIVE', 'SO_RCVBUF',
        'SO_SNDBUF', 'SO_MARK', 'SO_BINDTODEVICE', 'SO_PRIORITY', 'IP_TOS', 'IPV6_TCLASS', 'IP_FREEBIND',
        'IP_TRANSPARENT', 'TCP_IS_MPTCP',
      ]),
    );
  });
});

describe('no fd leaks', () => {
  const fdCount = () => fs.readdirSync('/proc/self/fd').length;

  it('after failed connects, refused listens and bad options', async () => {
    const warm = await pair();
    warm.client.destroy();
    warm.server.destroy();
    await new Promise((r) => setTimeout(r, 50));
    const before = fdCount();
    for (let i = 0; i < 50; i++) {
      const s = mptcp.connect({ port: 1, host: '127.0.0.1' });
      await once(s, 'error');
      try {
        mptcp.connect({ port: 1, socketOptions: { SO_MARK: 'x' } as never });
      } catch {
        // validation error, thrown before any fd exists
      }
      const bad = mptcp.connect({ port: 1, host: '127.0.0.1', socketOptions: { SO_BINDTODEVICE: 'no-such-dev0' } });
      await once(bad, 'error');
      const srv = mptcp.createServer();
      srv.listen(0, '192.0.2.1');
      await once(srv, 'error');
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(fdCount()).toBe(before);
  });
});
