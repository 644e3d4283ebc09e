// info() and subflows() keep their buffers from call to call and remember per
// socket what never changes (the protocol, a fallback to TCP): answers must
// still be each socket's own, and a fallen-back socket is asked about its
// subflows as TCP, without trying the MPTCP options again.
import { once } from 'node:events';
import net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeUnless, lacks } from '../helpers/requires';
import { native, type NativeBinding } from '../../dist/native/binding.js';
import { encodeSockaddr } from '../../dist/kernel/sockaddr.js';
import mptcp from '../../dist/index.js';

const SOL_MPTCP = 284;

describeUnless(lacks.addon() ?? lacks.mptcp(), 'info() and subflows() on loopback connections', () => {
  const sockets: net.Socket[] = [];
  const servers: net.Server[] = [];
  let multipath: net.Socket; // MPTCP end to end
  let fellBack: net.Socket; // an MPTCP client whose peer is node:net
  let acceptedPlain: net.Socket; // accepted by an MPTCP server from a node:net client: plain TCP
  let plain: net.Socket; // node:net to node:net
  const accepted: net.Socket[] = [];
  let plainPort: number;

  async function listen(server: net.Server): Promise<number> {
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return (server.address() as net.AddressInfo).port;
  }
  async function connected(socket: net.Socket): Promise<net.Socket> {
    sockets.push(socket.on('error', () => {}));
    await once(socket, 'connect');
    return socket;
  }

  beforeAll(async () => {
    const mptcpPort = await listen(mptcp.createServer((s) => accepted.push(s.on('error', () => {}))));
    plainPort = await listen(net.createServer((s) => s.on('error', () => {})));
    multipath = await connected(mptcp.connect(mptcpPort, '127.0.0.1'));
    fellBack = await connected(mptcp.connect({ port: plainPort, host: '127.0.0.1', multipath: true }));
    plain = await connected(net.connect(plainPort, '127.0.0.1'));
    await connected(net.connect(mptcpPort, '127.0.0.1'));
    while (accepted.length < 2) await new Promise((r) => setTimeout(r, 5));
    acceptedPlain = accepted.find((s) => s.remotePort === sockets[3]!.localPort)!;
    expect(mptcp.isMultipath(multipath)).toBe(true);
  });
  afterAll(() => {
    for (const s of [...sockets, ...accepted]) s.destroy();
    for (const s of servers) s.close();
  });

  const ends = (s: net.Socket) => ({ local: s.localPort, remote: s.remotePort });
  const ports = (list: ReturnType<typeof mptcp.subflows>) => list.map((f) => ({ local: f.local.port, remote: f.remote.port }));

  it('each socket gets its own subflows, and an earlier answer is not changed by a later call', () => {
    const first = mptcp.subflows(multipath);
    const kept = structuredClone(first);
    const others = [fellBack, plain, acceptedPlain].map((s) => mptcp.subflows(s));
    expect(first).toEqual(kept);
    expect(ports(first)).toEqual([ends(multipath)]);
    expect(first[0]!.tcpInfo.state).toBe(1);
    expect(others.map(ports)).toEqual([[ends(fellBack)], [ends(plain)], [ends(acceptedPlain)]]);
    expect(mptcp.subflows(multipath)).toMatchObject(ports(first).map((p) => ({ local: { port: p.local }, remote: { port: p.remote } })));
  });

  it('info(): one answer per socket, not changed by a later call', () => {
    const first = mptcp.info(multipath)!;
    const kept = structuredClone(first);
    expect(mptcp.info(fellBack)).toBeNull();
    expect(mptcp.info(acceptedPlain)).toBeNull();
    mptcp.info(multipath);
    expect(first).toEqual(kept);
    expect(first.token).toBeGreaterThan(0);
  });

  it('a socket that fell back is found out once, then asked as TCP only', async () => {
    const b = native() as NativeBinding;
    // An MPTCP fd connected to a plain server, under a node:net socket: nothing knows of it yet.
    const fd = b.socket(b.constants.AF_INET!, b.constants.SOCK_STREAM! | b.constants.SOCK_NONBLOCK! | b.constants.SOCK_CLOEXEC!, 262);
    b.connect(fd, encodeSockaddr('127.0.0.1', plainPort));
    for (let i = 0; i < 200; i++) {
      try {
        b.getpeername(fd, Buffer.alloc(128));
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 5));
      }
    }
    const fresh = new net.Socket({ fd, readable: true, writable: true });
    sockets.push(fresh.on('error', () => {}));
    const asked: string[] = [];
    const { getsockopt, getsockoptFullInfo } = b;
    b.getsockopt = function (fd, level, name, value, option) {
      if (level === SOL_MPTCP) asked.push(`getsockopt ${name}`);
      return getsockopt.call(this, fd, level, name, value, option);
    };
    b.getsockoptFullInfo = function (...args) {
      asked.push('MPTCP_FULL_INFO');
      return getsockoptFullInfo.apply(this, args);
    };
    try {
      // The first call tries the MPTCP options, which fail.
      expect(ports(mptcp.subflows(fresh))).toEqual([ends(fresh)]);
      const firstTime = asked.length;
      expect(firstTime).toBeGreaterThan(0);
      expect(ports(mptcp.subflows(fresh))).toEqual([ends(fresh)]);
      expect(asked.length).toBe(firstTime);
      // A client knows from its connect.
      asked.length = 0;
      mptcp.subflows(fellBack);
      expect(asked).toEqual([]);
      // An MPTCP connection is asked every time.
      mptcp.subflows(multipath);
      mptcp.subflows(multipath);
      expect(asked.length).toBeGreaterThanOrEqual(2);
    } finally {
      b.getsockopt = getsockopt;
      b.getsockoptFullInfo = getsockoptFullInfo;
    }
    expect(mptcp.getsockopt(fresh, 'SO_PROTOCOL')).toBe(262);
    expect(mptcp.fallbackReason(fresh)).toBe('peer');
    expect(mptcp.fallbackReason(fellBack)).toBe('peer');
    expect(mptcp.isMultipath(fresh)).toBe(false);
  });
});
