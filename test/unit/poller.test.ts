// The Poller (src/poller.cc) owns its fd: close(), garbage collection of a
// Poller that is not started, and environment teardown close it, once.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { expect, it } from 'vitest';
import { describeUnless, lacks } from '../helpers/requires';
import { native, type NativeBinding } from '../../dist/native/binding.js';

const root = path.join(__dirname, '..', '..');
const b = native() as NativeBinding;

function thrown(fn: () => unknown): Error & { code?: string; syscall?: string } {
  try {
    fn();
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected a throw');
}

/** Whether `fd` is open in this process. */
function isOpen(fd: number): boolean {
  return fs.existsSync(`/proc/self/fd/${fd}`);
}

function tcpSocket(): number {
  return b.socket(b.constants.AF_INET!, b.constants.SOCK_STREAM! | b.constants.SOCK_NONBLOCK! | b.constants.SOCK_CLOEXEC!, 0);
}

/** Runs `code` in a fresh node (with --expose-gc unless `flags` says otherwise); returns the JSON it printed last. */
function child(code: string, flags: string[] = ['--expose-gc']): unknown {
  const prelude = `const b = require(${JSON.stringify(path.join(root, 'dist', 'native', 'binding.js'))}).native();
    const fs = require('node:fs');
    const isOpen = (fd) => fs.existsSync('/proc/self/fd/' + fd);
    const tcp = () => b.socket(b.constants.AF_INET, b.constants.SOCK_STREAM | b.constants.SOCK_NONBLOCK | b.constants.SOCK_CLOEXEC, 0);
    const settle = () => new Promise((r) => setImmediate(() => setImmediate(r)));
    const out = (v) => console.log(JSON.stringify(v));\n`;
  const text = execFileSync(process.execPath, [...flags, '-e', `${prelude}(async () => {\n${code}\n})()`], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  return JSON.parse(text.trim().split('\n').pop()!);
}

describeUnless(lacks.addon(), 'Poller owns its fd', () => {
  const { READABLE } = b?.pollEvents ?? { READABLE: 1 };

  it('close() closes the fd, once; later calls are no-ops, start() is EBADF', () => {
    const fd = tcpSocket();
    const p = new b.Poller(fd, () => {});
    expect(p.fd).toBe(fd);
    p.start(READABLE);
    p.close();
    expect(isOpen(fd)).toBe(false);
    expect(p.fd).toBe(-1);
    // The number is free again; a second close() must not close whoever got it.
    const next = tcpSocket();
    try {
      p.close();
      p.stop();
      p.ref();
      p.unref();
      expect(isOpen(next)).toBe(true);
      expect(thrown(() => p.start(READABLE))).toMatchObject({ code: 'EBADF', syscall: 'uv_poll_start' });
    } finally {
      b.close(next);
    }
  });

  it('a constructor that throws leaves the fd to the caller', () => {
    const fd = tcpSocket();
    try {
      expect(thrown(() => new b.Poller(fd, 'no' as unknown as () => void))).toMatchObject({ code: 'ERR_INVALID_ARG_TYPE' });
      expect(isOpen(fd)).toBe(true);
    } finally {
      b.close(fd);
    }
    expect(thrown(() => new b.Poller(fd, () => {}))).toMatchObject({ code: 'EBADF', syscall: 'uv_poll_init' });
  });

  it('start(events) takes a non-empty set of READABLE|WRITABLE|DISCONNECT|PRIORITIZED (uv_poll_start would abort)', () => {
    const p = new b.Poller(tcpSocket(), () => {});
    try {
      expect(thrown(() => p.start(0))).toMatchObject({ code: 'ERR_OUT_OF_RANGE', message: 'The value of "events" is out of range. It must be >= 1 && <= 15. Received 0' });
      expect(thrown(() => p.start(16)).message).toBe('The value of "events" is out of range. It must be >= 1 && <= 15. Received 16');
      expect(thrown(() => p.start(NaN)).message).toBe('The value of "events" is out of range. It must be an integer. Received NaN');
    } finally {
      p.close();
    }
  });

  it('delivers readiness, and stops delivering after close()', async () => {
    const x = tcpSocket();
    // A listening socket with a pending connection is readable.
    const addr = Buffer.alloc(16);
    addr.writeUInt16LE(b.constants.AF_INET!, 0);
    addr.writeUInt32BE(0x7f000001, 4);
    b.bind(x, addr);
    b.listen(x, 1);
    const name = Buffer.alloc(16);
    b.getsockname(x, name);
    const events: number[] = [];
    const ready = new Promise<void>((resolve) => {
      const p = new b.Poller(x, (err, ev) => {
        expect(err).toBeNull();
        events.push(ev);
        p.close();
        resolve();
      });
      p.start(READABLE);
    });
    const c = net.connect(name.readUInt16BE(2), '127.0.0.1');
    c.on('error', () => {});
    await ready;
    c.destroy();
    expect(events).toEqual([READABLE]);
    expect(isOpen(x)).toBe(false);
  });

  it('a Poller that is collected closes its fd, also when its callback refers to it (--expose-gc)', () => {
    const out = child(`
      const fds = [];
      for (let i = 0; i < 3; i++) {
        const fd = tcp();
        fds.push(fd);
        const holder = {};
        holder.poller = new b.Poller(fd, () => holder.poller.stop()); // a cycle through the callback
        if (i === 1) { holder.poller.start(b.pollEvents.READABLE); holder.poller.stop(); } // started, then stopped
      }
      const before = fds.map(isOpen);
      for (let i = 0; i < 5 && fds.some(isOpen); i++) { gc(); await settle(); }
      out({ before, after: fds.map(isOpen) });
    `);
    expect(out).toEqual({ before: [true, true, true], after: [false, false, false] });
  });

  it('a started Poller is kept alive (as an active handle), even unref\'d and dropped', () => {
    const out = child(`
      const fd = tcp();
      (() => { const p = new b.Poller(fd, () => {}); p.start(b.pollEvents.READABLE); p.unref(); })();
      for (let i = 0; i < 5; i++) { gc(); await settle(); }
      out({ open: isOpen(fd) });
    `);
    expect(out).toEqual({ open: true });
  });

  it('environment teardown closes the fds of pollers never closed (a worker thread exits)', () => {
    const out = child(`
      const { Worker } = require('node:worker_threads');
      const w = new Worker(\`
        const b = require(\${JSON.stringify(require.resolve(${JSON.stringify(path.join(root, 'dist', 'native', 'binding.js'))}))}).native();
        const { parentPort } = require('node:worker_threads');
        const tcp = () => b.socket(b.constants.AF_INET, b.constants.SOCK_STREAM | b.constants.SOCK_NONBLOCK | b.constants.SOCK_CLOEXEC, 0);
        const idle = new b.Poller(tcp(), () => {});
        const started = new b.Poller(tcp(), () => {});
        started.start(b.pollEvents.READABLE);
        started.unref();
        globalThis.keep = [idle, started];
        // Alive (a listener on parentPort) until the parent has looked; then it exits with nothing closed.
        parentPort.once('message', () => {});
        parentPort.postMessage([idle.fd, started.fd]);
      \`, { eval: true });
      const [fds] = await require('node:events').once(w, 'message');
      const during = fds.map(isOpen);
      w.postMessage('exit');
      await require('node:events').once(w, 'exit');
      out({ during, after: fds.map(isOpen) });
    `, []);
    expect(out).toEqual({ during: [true, true], after: [false, false] });
  });

  it('NetlinkSocket.close() closes its fd once (through the poller), not a second time', async () => {
    const { NetlinkSocket, NETLINK_ROUTE } = await import('../../dist/netlink/socket.js');
    const sock = NetlinkSocket.open(NETLINK_ROUTE).resume();
    const fd = sock.fd;
    sock.close();
    expect(isOpen(fd)).toBe(false);
    const next = tcpSocket(); // most likely the same number
    try {
      sock.close();
      await new Promise((r) => setImmediate(r)); // the uv_close callback has run
      expect(isOpen(next)).toBe(true);
    } finally {
      b.close(next);
    }
  });
});
