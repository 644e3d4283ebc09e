// The native boundary itself: what the addon accepts (integers only: NaN is
// not fd 0), the errno it reports, recvBatch's slots, MPTCP_FULL_INFO's
// length checks (the only call that hands the kernel pointers).
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeUnless, lacks } from '../helpers/requires';
import { native, type NativeBinding } from '../../dist/native/binding.js';
import { FULL_INFO, SUBFLOW_INFO, TCP_INFO_BUFFER, MPTCP_INFO_BUFFER } from '../../dist/kernel/structs.js';
import { findFd } from '../../dist/net/fd.js';
import mptcp from '../../dist/index.js';

const b = native() as NativeBinding;

function thrown(fn: () => unknown): Error & { code?: string; errno?: number; syscall?: string; option?: string } {
  try {
    fn();
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected a throw');
}

function tcpSocket(): number {
  return b.socket(b.constants.AF_INET!, b.constants.SOCK_STREAM! | b.constants.SOCK_NONBLOCK! | b.constants.SOCK_CLOEXEC!, 0);
}

describeUnless(lacks.addon(), 'native arguments', () => {
  const outOfRange = (name: string, range: string, received: string) => ({
    name: 'RangeError',
    code: 'ERR_OUT_OF_RANGE',
    message: `The value of "${name}" is out of range. It must be ${range}. Received ${received}`,
  });
  const wrongType = (name: string, expected: string, received: string) => ({
    name: 'TypeError',
    code: 'ERR_INVALID_ARG_TYPE',
    message: `The "${name}" argument must be ${expected}. Received ${received}`,
  });
  const anInteger = 'an integer';
  const fdRange = '>= 0 && <= 2147483647';

  // Every function that takes an fd, with otherwise valid arguments.
  const calls: [string, (fd: unknown) => unknown][] = [
    ['close', (fd) => b.close(fd as number)],
    ['dup', (fd) => b.dup(fd as number)],
    ['bind', (fd) => b.bind(fd as number, Buffer.alloc(16))],
    ['connect', (fd) => b.connect(fd as number, Buffer.alloc(16))],
    ['listen', (fd) => b.listen(fd as number, 1)],
    ['getsockopt', (fd) => b.getsockopt(fd as number, 1, 1, Buffer.alloc(4))],
    ['getsockoptInt', (fd) => b.getsockoptInt(fd as number, 1, 1)],
    ['setsockopt', (fd) => b.setsockopt(fd as number, 1, 1, 1)],
    ['getsockname', (fd) => b.getsockname(fd as number, Buffer.alloc(128))],
    ['getpeername', (fd) => b.getpeername(fd as number, Buffer.alloc(128))],
    ['send', (fd) => b.send(fd as number, Buffer.alloc(1), 0)],
    ['recv', (fd) => b.recv(fd as number, Buffer.alloc(1), 0)],
    ['recvBatch', (fd) => b.recvBatch(fd as number, Buffer.alloc(16), 16, new Uint32Array(1), 0)],
    ['getsockoptFullInfo', (fd) => b.getsockoptFullInfo(fd as number, Buffer.alloc(40), Buffer.alloc(0), 264, Buffer.alloc(0), 512, 0)],
    ['new Poller', (fd) => new b.Poller(fd as number, () => {})],
  ];
  const bad: [unknown, object][] = [
    [NaN, outOfRange('fd', anInteger, 'NaN')],
    [0.5, outOfRange('fd', anInteger, '0.5')],
    [Infinity, outOfRange('fd', anInteger, 'Infinity')],
    [-1, outOfRange('fd', fdRange, '-1')],
    [2 ** 31, outOfRange('fd', fdRange, '2147483648')],
    [2 ** 32 + 1, outOfRange('fd', fdRange, '4_294_967_297')],
    ['0', wrongType('fd', 'of type number', "type string ('0')")],
    [undefined, wrongType('fd', 'of type number', 'undefined')],
    [null, wrongType('fd', 'of type number', 'null')],
    [0n, wrongType('fd', 'of type number', 'type bigint (0n)')],
    [{}, wrongType('fd', 'of type number', 'an instance of Object')],
  ];

  for (const [name, call] of calls) {
    it(`${name}: an fd that is not an int32 >= 0 is a Node-style TypeError or RangeError`, () => {
      for (const [value, expected] of bad) expect(thrown(() => call(value)), String(value)).toMatchObject(expected);
    });
  }

  it('close(NaN) does not close fd 0 (it used to: NaN became 0)', () => {
    const before = fs.fstatSync(0);
    expect(thrown(() => b.close(NaN)).code).toBe('ERR_OUT_OF_RANGE');
    expect(fs.fstatSync(0).ino).toBe(before.ino);
  });

  it('the other integer arguments: int32, no fractions, Node wording', () => {
    expect(thrown(() => b.socket(NaN, 1, 0))).toMatchObject(outOfRange('domain', anInteger, 'NaN'));
    expect(thrown(() => b.socket(2, 1.5, 0))).toMatchObject(outOfRange('type', anInteger, '1.5'));
    expect(thrown(() => b.socket(2, 1, 2 ** 31))).toMatchObject(outOfRange('protocol', '>= -2147483648 && <= 2147483647', '2147483648'));
    expect(thrown(() => b.listen(0, -0.5))).toMatchObject(outOfRange('backlog', anInteger, '-0.5'));
    expect(thrown(() => b.getsockopt(0, '1' as unknown as number, 1, Buffer.alloc(4)))).toMatchObject(
      wrongType('level', 'of type number', "type string ('1')"),
    );
    expect(thrown(() => b.send(0, Buffer.alloc(1), NaN))).toMatchObject(outOfRange('flags', anInteger, 'NaN'));
    expect(thrown(() => b.recv(0, 'x' as unknown as Buffer, 0))).toMatchObject(
      wrongType('buffer', 'an instance of Buffer', "type string ('x')"),
    );
    // An int option's value is read as int or u32 by the kernel: both ranges are accepted, nothing beyond.
    expect(thrown(() => b.setsockopt(0, 1, 1, 2 ** 32))).toMatchObject(
      outOfRange('value', '>= -2147483648 && <= 4294967295', '4294967296'),
    );
    expect(thrown(() => b.setsockopt(0, 1, 1, NaN))).toMatchObject(outOfRange('value', anInteger, 'NaN'));
    expect(thrown(() => b.setsockopt(0, 1, 1, 'x' as unknown as number))).toMatchObject(
      wrongType('value', 'of type number or an instance of Buffer', "type string ('x')"),
    );
  });

  it('a long string with a quote is cut and quoted as Node does', () => {
    expect(thrown(() => b.close("it's a string longer than twenty-eight" as unknown as number)).message).toBe(
      'The "fd" argument must be of type number. Received type string ("it\'s a string longer than...")',
    );
  });

  it('errno is the syscall\'s, also when an option name is formatted for the message', () => {
    const fd = tcpSocket();
    try {
      const sol = b.constants.SOL_SOCKET!;
      const a = thrown(() => b.getsockopt(fd, sol, 0x7fff, Buffer.alloc(4), 'SOME_OPTION'));
      expect(a).toMatchObject({ code: 'ENOPROTOOPT', errno: -os.constants.errno.ENOPROTOOPT, syscall: 'getsockopt', option: 'SOME_OPTION' });
      expect(a.message).toBe('getsockopt ENOPROTOOPT (SOME_OPTION)');
      const c = thrown(() => b.setsockopt(fd, sol, 0x7fff, 1, 'x'.repeat(4096)));
      expect(c).toMatchObject({ code: 'ENOPROTOOPT', errno: -os.constants.errno.ENOPROTOOPT, syscall: 'setsockopt' });
      expect(thrown(() => b.getsockoptInt(fd, sol, 0x7fff, 'SOME_OPTION'))).toMatchObject({ code: 'ENOPROTOOPT', option: 'SOME_OPTION' });
      expect(thrown(() => b.getpeername(fd, Buffer.alloc(128)))).toMatchObject({ code: 'ENOTCONN', errno: -os.constants.errno.ENOTCONN });
    } finally {
      b.close(fd);
    }
    expect(thrown(() => b.close(fd))).toMatchObject({ code: 'EBADF', errno: -os.constants.errno.EBADF, syscall: 'close' });
  });

  it('there is no addressOf any more', () => {
    expect((b as unknown as Record<string, unknown>).addressOf).toBeUndefined();
  });
});

describeUnless(lacks.addon(), 'recvBatch: several datagrams per system call', () => {
  const c = b.constants;
  let receiver: number;
  let sender: number;
  beforeAll(() => {
    // Two UDP sockets on loopback: datagrams without root.
    receiver = b.socket(c.AF_INET!, c.SOCK_DGRAM! | c.SOCK_NONBLOCK! | c.SOCK_CLOEXEC!, 0);
    sender = b.socket(c.AF_INET!, c.SOCK_DGRAM! | c.SOCK_CLOEXEC!, 0);
    const addr = Buffer.alloc(16);
    addr.writeUInt16LE(c.AF_INET!, 0);
    addr.set([127, 0, 0, 1], 4);
    b.bind(receiver, addr);
    b.getsockname(receiver, addr);
    b.connect(sender, addr);
  });
  afterAll(() => {
    b.close(receiver);
    b.close(sender);
  });

  it('reads what is queued into the slots, with each length, and null once nothing is', () => {
    const sizes = [5, 1, 16, 0, 7];
    for (const [i, n] of sizes.entries()) b.send(sender, Buffer.alloc(n, i + 1), 0);
    const buf = Buffer.alloc(4 * 16, 0xee);
    const lengths = new Uint32Array(4);
    expect(b.recvBatch(receiver, buf, 16, lengths, 0)).toBe(4);
    expect([...lengths]).toEqual(sizes.slice(0, 4));
    for (let i = 0; i < 4; i++) expect(buf.subarray(i * 16, i * 16 + sizes[i]!).every((x) => x === i + 1), `slot ${i}`).toBe(true);
    expect(buf.subarray(16 + 1, 32).every((x) => x === 0xee)).toBe(true); // nothing written past a datagram
    // Fewer than asked: the queue is empty.
    expect(b.recvBatch(receiver, buf, 16, lengths, 0)).toBe(1);
    expect(lengths[0]).toBe(7);
    expect(b.recvBatch(receiver, buf, 16, lengths, 0)).toBeNull();
  });

  it('no more datagrams than slots, lengths or 64; with MSG_TRUNC, the length of one that did not fit', () => {
    for (let i = 0; i < 70; i++) b.send(sender, Buffer.alloc(i === 0 ? 40 : 1), 0);
    const lengths = new Uint32Array(100);
    expect(b.recvBatch(receiver, Buffer.alloc(3 * 8 + 7), 8, lengths, c.MSG_TRUNC!)).toBe(3);
    expect(lengths[0]).toBe(40);
    expect(b.recvBatch(receiver, Buffer.alloc(8), 1, new Uint32Array(2), 0)).toBe(2);
    expect(b.recvBatch(receiver, Buffer.alloc(100), 1, lengths, 0)).toBe(64);
    expect(b.recvBatch(receiver, Buffer.alloc(100), 1, lengths, 0)).toBe(1);
    expect(b.recvBatch(receiver, Buffer.alloc(100), 1, lengths, 0)).toBeNull();
  });

  it('checks its arguments', () => {
    expect(thrown(() => b.recvBatch(receiver, Buffer.alloc(8), 9, new Uint32Array(1), 0))).toMatchObject({
      code: 'ERR_OUT_OF_RANGE',
      message: 'The value of "slotSize" is out of range. It must be >= 1 && <= 8. Received 9',
    });
    expect(thrown(() => b.recvBatch(receiver, Buffer.alloc(8), 0, new Uint32Array(1), 0))).toMatchObject({ code: 'ERR_OUT_OF_RANGE' });
    expect(thrown(() => b.recvBatch(receiver, Buffer.alloc(8), 8, new Int32Array(1) as unknown as Uint32Array, 0))).toMatchObject({
      code: 'ERR_INVALID_ARG_TYPE',
      message: 'The "lengths" argument must be an instance of Uint32Array. Received an instance of Int32Array',
    });
    expect(thrown(() => b.recvBatch(receiver, Buffer.alloc(8), 8, new Uint32Array(0), 0))).toMatchObject({
      code: 'ERR_OUT_OF_RANGE',
      message: 'The value of "lengths.length" is out of range. It must be >= 1. Received 0',
    });
    expect(thrown(() => b.recvBatch(receiver, Buffer.alloc(8), 8, new Uint32Array(1), NaN))).toMatchObject({ code: 'ERR_OUT_OF_RANGE' });
    const fd = tcpSocket();
    try {
      expect(thrown(() => b.recvBatch(fd, Buffer.alloc(8), 8, new Uint32Array(1), 0))).toMatchObject({ code: 'ENOTCONN', syscall: 'recvmmsg' });
    } finally {
      b.close(fd);
    }
  });
});

describeUnless(lacks.addon(), 'getsockoptFullInfo: lengths are checked before the kernel gets a pointer', () => {
  const SF = SUBFLOW_INFO.size;
  const TI = TCP_INFO_BUFFER;
  const head = () => Buffer.alloc(FULL_INFO.mptcpInfo + MPTCP_INFO_BUFFER);
  let fd: number;
  beforeAll(() => {
    fd = tcpSocket();
  });
  afterAll(() => b.close(fd));

  it('head must hold the 40-byte header', () => {
    expect(thrown(() => b.getsockoptFullInfo(fd, Buffer.alloc(39), Buffer.alloc(SF), SF, Buffer.alloc(TI), TI, 1))).toMatchObject({
      name: 'RangeError',
      code: 'ERR_OUT_OF_RANGE',
      message: 'The value of "head.length" is out of range. It must be >= 40 && <= 2147483647. Received 39',
    });
  });

  it('count × stride must fit in each array', () => {
    // subflowInfo holds 2, tcpInfo 3: at most 2.
    expect(thrown(() => b.getsockoptFullInfo(fd, head(), Buffer.alloc(2 * SF), SF, Buffer.alloc(3 * TI), TI, 3))).toMatchObject({
      code: 'ERR_OUT_OF_RANGE',
      message: 'The value of "count" is out of range. It must be >= 0 && <= 2. Received 3',
    });
    // One byte short of a third tcp_info.
    expect(thrown(() => b.getsockoptFullInfo(fd, head(), Buffer.alloc(3 * SF), SF, Buffer.alloc(3 * TI - 1), TI, 3))).toMatchObject({
      message: 'The value of "count" is out of range. It must be >= 0 && <= 2. Received 3',
    });
    expect(thrown(() => b.getsockoptFullInfo(fd, head(), Buffer.alloc(0), SF, Buffer.alloc(0), TI, 1))).toMatchObject({
      message: 'The value of "count" is out of range. It must be >= 0 && <= 0. Received 1',
    });
    expect(thrown(() => b.getsockoptFullInfo(fd, head(), Buffer.alloc(SF), SF, Buffer.alloc(TI), TI, NaN))).toMatchObject({
      message: 'The value of "count" is out of range. It must be an integer. Received NaN',
    });
    expect(thrown(() => b.getsockoptFullInfo(fd, head(), Buffer.alloc(SF), SF, Buffer.alloc(TI), TI, -1))).toMatchObject({
      message: 'The value of "count" is out of range. It must be >= 0 && <= 1. Received -1',
    });
  });

  it('strides are integers in [0, INT_MAX]; the arrays must be Buffers', () => {
    expect(thrown(() => b.getsockoptFullInfo(fd, head(), Buffer.alloc(SF), -1, Buffer.alloc(TI), TI, 1))).toMatchObject({
      message: 'The value of "subflowInfoSize" is out of range. It must be >= 0 && <= 2147483647. Received -1',
    });
    expect(thrown(() => b.getsockoptFullInfo(fd, head(), Buffer.alloc(SF), SF, Buffer.alloc(TI), 0.5, 1))).toMatchObject({
      message: 'The value of "tcpInfoSize" is out of range. It must be an integer. Received 0.5',
    });
    expect(thrown(() => b.getsockoptFullInfo(fd, head(), 0 as unknown as Buffer, SF, Buffer.alloc(TI), TI, 1))).toMatchObject({
      code: 'ERR_INVALID_ARG_TYPE',
      message: 'The "subflowInfo" argument must be an instance of Buffer. Received type number (0)',
    });
  });

  it('on a plain TCP socket: the kernel\'s errno, named MPTCP_FULL_INFO', () => {
    expect(thrown(() => b.getsockoptFullInfo(fd, head(), Buffer.alloc(SF), SF, Buffer.alloc(TI), TI, 1))).toMatchObject({
      code: 'ENOTSUP', // = EOPNOTSUPP on Linux; libuv names 95 so
      syscall: 'getsockopt',
      option: 'MPTCP_FULL_INFO',
    });
  });
});

describeUnless(lacks.addon() ?? lacks.mptcp(), 'getsockoptFullInfo on an MPTCP connection', () => {
  const SF = SUBFLOW_INFO.size;
  const TI = TCP_INFO_BUFFER;
  let server: net.Server;
  let client: net.Socket;
  beforeAll(async () => {
    server = mptcp.createServer((s) => s.on('error', () => {}));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    client = mptcp.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
    await once(client, 'connect');
  });
  afterAll(() => {
    client.destroy();
    server.close();
  });

  it('fills the request, writes inside the arrays only, and leaves no pointer behind', () => {
    const fd = findFd(client)!;
    const guard = 0xa5;
    // Room for 3 elements, but count 1: the kernel may write the first only.
    const sf = Buffer.alloc(3 * SF, guard);
    const ti = Buffer.alloc(3 * TI, guard);
    const head = Buffer.alloc(FULL_INFO.mptcpInfo + MPTCP_INFO_BUFFER, guard);
    const len = b.getsockoptFullInfo(fd, head, sf, SF, ti, TI, 1);
    expect(len).toBe(FULL_INFO.mptcpInfo + 96); // 6.18's mptcp_info is 96 bytes
    expect(head.readUInt32LE(FULL_INFO.numSubflows)).toBe(1);
    expect(head.readUInt32LE(FULL_INFO.sizeArraysUser)).toBe(1);
    expect(head.readUInt32LE(FULL_INFO.sizeSfinfoUser)).toBe(SF); // min(ours, the kernel's 264)
    expect(head.readUInt32LE(FULL_INFO.sizeTcpinfoUser)).toBe(head.readUInt32LE(FULL_INFO.sizeTcpinfoKernel));
    expect(head.readBigUInt64LE(FULL_INFO.subflowInfo)).toBe(0n);
    expect(head.readBigUInt64LE(FULL_INFO.tcpInfo)).toBe(0n);
    expect(sf.readUInt32LE(SUBFLOW_INFO.id)).toBe(1);
    expect(sf.subarray(SF).every((x) => x === guard)).toBe(true);
    const tiKernel = head.readUInt32LE(FULL_INFO.sizeTcpinfoKernel);
    expect(ti.subarray(tiKernel).every((x) => x === guard)).toBe(true);
    expect(head.subarray(len).every((x) => x === guard)).toBe(true);
  });

  it('count 0 and empty arrays: only the header and mptcp_info, num_subflows still counted', () => {
    const head = Buffer.alloc(FULL_INFO.mptcpInfo);
    expect(b.getsockoptFullInfo(findFd(client)!, head, Buffer.alloc(0), SF, Buffer.alloc(0), TI, 0)).toBe(FULL_INFO.mptcpInfo);
    expect(head.readUInt32LE(FULL_INFO.numSubflows)).toBe(1);
  });

  it('subflows() still reads through it', () => {
    const list = mptcp.subflows(client);
    expect(list.map((f) => [f.id, f.local.address, f.remote.port])).toEqual([[1, '127.0.0.1', (server.address() as net.AddressInfo).port]]);
  });
});

