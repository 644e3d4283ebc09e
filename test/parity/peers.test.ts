// Peers that answered plain TCP are remembered (fallbackCache): the next
// connections to the same address and port start as plain TCP, as node:net's
// would, until the entry expires. On loopback against a node:net server.
import { once } from 'node:events';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import mptcp from '../../dist/index.js';
import { itUnless, lacks } from '../helpers/requires';

let plain: net.Server;
let port: number;
const multipathServers: net.Server[] = [];

beforeAll(async () => {
  // The client destroys right after connecting: a reset here is expected.
  plain = net.createServer((s) => s.on('error', () => {}).end('x'));
  await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
  port = (plain.address() as net.AddressInfo).port;
});
afterAll(async () => {
  await new Promise((r) => plain.close(r));
  for (const s of multipathServers) s.close();
});
afterEach(() => {
  mptcp.fallbackCache.clear();
  mptcp.fallbackCache.ttl = 300_000;
  mptcp.fallbackCache.maxEntries = 1024;
});

async function reasonAfterConnect(p = port, options: Partial<mptcp.TcpNetConnectOpts> = {}): Promise<{ multipath: boolean; reason: string | null; protocol: number }> {
  const c = mptcp.connect({ port: p, host: '127.0.0.1', ...options });
  await once(c, 'connect');
  const out = { multipath: c.multipath, reason: c.fallbackReason, protocol: mptcp.getsockopt(c, 'SO_PROTOCOL') };
  c.destroy();
  await once(c, 'close');
  return out;
}

describe('fallbackCache', () => {
  it('has node-style validation and defaults', () => {
    expect(mptcp.fallbackCache.ttl).toBe(300_000);
    expect(mptcp.fallbackCache.maxEntries).toBe(1024);
    expect(() => (mptcp.fallbackCache.ttl = -1)).toThrow(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }));
    expect(() => (mptcp.fallbackCache.ttl = '5' as unknown as number)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }));
    expect(() => (mptcp.fallbackCache.maxEntries = 1.5)).toThrow(expect.objectContaining({ code: 'ERR_OUT_OF_RANGE' }));
  });

  itUnless(lacks.mptcp(), 'remembers a plain peer: the next connection is plain from the start', async () => {
    expect(await reasonAfterConnect()).toEqual({ multipath: false, reason: 'peer', protocol: 262 });
    expect(mptcp.fallbackCache.has('127.0.0.1', port)).toBe(true);
    expect(mptcp.fallbackCache.size).toBe(1);
    expect(await reasonAfterConnect()).toEqual({ multipath: false, reason: 'peer-remembered', protocol: 6 });
    // 'require' always tries MPTCP, and never feeds the memory.
    mptcp.fallbackCache.clear();
    expect(await reasonAfterConnect(port, { multipath: 'require' })).toEqual({ multipath: false, reason: 'peer', protocol: 262 });
    expect(mptcp.fallbackCache.size).toBe(0);
  });

  itUnless(lacks.mptcp(), 'forgets: per entry, when it expires, and when turned off', async () => {
    await reasonAfterConnect();
    expect(mptcp.fallbackCache.delete('127.0.0.1', port)).toBe(true);
    expect((await reasonAfterConnect()).reason).toBe('peer');
    mptcp.fallbackCache.ttl = 50;
    mptcp.fallbackCache.clear();
    await reasonAfterConnect();
    expect((await reasonAfterConnect()).reason).toBe('peer-remembered');
    await new Promise((r) => setTimeout(r, 80));
    expect(mptcp.fallbackCache.has('127.0.0.1', port)).toBe(false);
    expect((await reasonAfterConnect()).reason).toBe('peer');
    mptcp.fallbackCache.ttl = 0;
    expect(mptcp.fallbackCache.size).toBe(0);
    expect((await reasonAfterConnect()).reason).toBe('peer');
    expect(mptcp.fallbackCache.size).toBe(0);
  });

  itUnless(lacks.mptcp(), 'keeps at most maxEntries, dropping the oldest; MPTCP peers are never entered', async () => {
    mptcp.fallbackCache.maxEntries = 2;
    const ports: number[] = [];
    for (let i = 0; i < 3; i++) {
      const s = net.createServer((c) => c.on('error', () => {}).end());
      await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
      multipathServers.push(s);
      ports.push((s.address() as net.AddressInfo).port);
      await reasonAfterConnect(ports[i]);
    }
    expect(mptcp.fallbackCache.size).toBe(2);
    expect(ports.map((p) => mptcp.fallbackCache.has('127.0.0.1', p))).toEqual([false, true, true]);
    const m = mptcp.createServer((c) => c.on('error', () => {}).end());
    await new Promise<void>((r) => m.listen(0, '127.0.0.1', r));
    multipathServers.push(m);
    expect(await reasonAfterConnect((m.address() as net.AddressInfo).port)).toEqual({ multipath: true, reason: null, protocol: 262 });
    expect(mptcp.fallbackCache.has('127.0.0.1', (m.address() as net.AddressInfo).port)).toBe(false);
  });
});

describe('the suite itself', () => {
  it('runs with deprecations as errors', () => {
    expect(process.throwDeprecation).toBe(true);
    expect(process.execArgv.concat((process.env.NODE_OPTIONS ?? '').split(' '))).toContain('--pending-deprecation');
  });
});
