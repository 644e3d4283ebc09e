// The path options (`failover`, `paths`) without namespaces: Node-style
// errors for bad values wherever they are given (connect, new Socket,
// createServer, listen, setPathOptions), and the stall detector on
// made-up tcp_info sequences.
import { describe, expect, it } from 'vitest';
import mptcp from '../../dist/index.js';
import { StallDetector } from '../../dist/pm/health.js';
import { validateFailover, validatePaths } from '../../dist/pm/failover.js';

function thrown(fn: () => unknown): Error & { code?: string } {
  try {
    fn();
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected a throw');
}

describe('failover option', () => {
  it('true gives the defaults, false turns it off, an object is checked property by property', () => {
    expect(validateFailover(true, 'options.failover')).toEqual({ rtts: 4, minMs: 50, intervalMs: 10 });
    expect(validateFailover(false, 'options.failover')).toBe(false);
    expect(validateFailover({ minMs: 80 }, 'options.failover')).toEqual({ rtts: 4, minMs: 80, intervalMs: 10 });
    const type = thrown(() => validateFailover('yes', 'options.failover'));
    expect(type).toMatchObject({ name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
    expect(type.message).toBe('The "options.failover" property must be of type boolean or object. Received type string (\'yes\')');
    const range = thrown(() => validateFailover({ rtts: 0 }, 'options.failover'));
    expect(range).toMatchObject({ name: 'RangeError', code: 'ERR_OUT_OF_RANGE' });
    expect(range.message).toBe('The value of "options.failover.rtts" is out of range. It must be a number >= 1 and <= 100. Received 0');
    expect(thrown(() => validateFailover({ minMs: 12.5 }, 'options.failover'))).toMatchObject({ code: 'ERR_OUT_OF_RANGE' });
    expect(thrown(() => validateFailover({ intervalMs: '10' }, 'options.failover'))).toMatchObject({ code: 'ERR_INVALID_ARG_TYPE' });
    const unknown = thrown(() => validateFailover({ minMS: 10 }, 'options.failover'));
    expect(unknown).toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
    expect(unknown.message).toContain('has an unknown property "minMS"');
  });

  it('paths: aggregate, or a policy with backup interfaces and/or prefer latency', () => {
    expect(validatePaths('aggregate', 'options.paths')).toBe('aggregate');
    expect(thrown(() => validatePaths('fast', 'options.paths'))).toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
    expect(thrown(() => validatePaths({}, 'options.paths')).message).toContain('must have backup and/or prefer');
    expect(thrown(() => validatePaths({ backup: 'wwan0' }, 'options.paths'))).toMatchObject({ code: 'ERR_INVALID_ARG_TYPE' });
    expect(thrown(() => validatePaths({ backup: ['a-name-longer-than-15'] }, 'options.paths'))).toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
    expect(thrown(() => validatePaths({ prefer: 'bandwidth' }, 'options.paths'))).toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
  });

  it('is checked where it is given: connect, new Socket, createServer, listen, setPathOptions', () => {
    expect(thrown(() => mptcp.connect({ port: 9, host: '127.0.0.1', failover: 'yes' as never }))).toMatchObject({ code: 'ERR_INVALID_ARG_TYPE' });
    expect(thrown(() => new mptcp.Socket({ failover: { rtts: 0 } }))).toMatchObject({ code: 'ERR_OUT_OF_RANGE' });
    expect(thrown(() => mptcp.createServer({ paths: 'fast' as never }))).toMatchObject({ code: 'ERR_INVALID_ARG_VALUE' });
    const server = mptcp.createServer();
    expect(thrown(() => server.listen({ port: 0, failover: 1 as never }))).toMatchObject({ code: 'ERR_INVALID_ARG_TYPE' });
    const socket = new mptcp.Socket({ failover: true });
    expect(thrown(() => socket.setPathOptions('x' as never))).toMatchObject({ code: 'ERR_INVALID_ARG_TYPE' });
    expect(thrown(() => socket.setPathOptions({ failover: { intervalMs: 0 } }))).toMatchObject({ code: 'ERR_OUT_OF_RANGE' });
    expect(socket.setPathOptions({ failover: false })).toBe(socket);
    expect(thrown(() => mptcp.setPathOptions({} as never, { failover: true }))).toMatchObject({ code: 'ERR_INVALID_ARG_TYPE' });
    socket.destroy();
  });
});

describe('stall detector', () => {
  const ti = (acked: number, unacked: number, lastAckRecv: number, extra: object = {}) => ({
    bytesAcked: BigInt(acked),
    unacked,
    lastAckRecv,
    rtt: 5000, // 5 ms
    caState: 0,
    ...extra,
  });

  it('stalled after max(minMs, rtts × srtt) without an ACK while data is in flight', () => {
    const d = new StallDetector({ rtts: 4, minMs: 50 });
    expect(d.check('a', ti(1000, 10, 0), 0)).toBeNull();
    expect(d.check('a', ti(1000, 10, 30), 30)).toBeNull();
    expect(d.check('a', ti(1000, 10, 55), 55)).toBe('no-ack');
    // A long RTT raises the threshold: 4 × 20 ms.
    const slow = new StallDetector({ rtts: 4, minMs: 50 });
    expect(slow.check('b', ti(0, 10, 0, { rtt: 20_000 }), 0)).toBeNull();
    expect(slow.check('b', ti(0, 10, 60, { rtt: 20_000 }), 60)).toBeNull();
    expect(slow.check('b', ti(0, 10, 85, { rtt: 20_000 }), 85)).toBe('no-ack');
  });

  it('progress, idleness and ACKs that arrive reset it; an idle subflow that starts sending is timed from then', () => {
    const d = new StallDetector({ rtts: 4, minMs: 50 });
    expect(d.check('a', ti(1000, 10, 0), 0)).toBeNull();
    expect(d.check('a', ti(2000, 10, 40), 40)).toBeNull(); // acknowledged more: a new clock
    expect(d.check('a', ti(2000, 10, 80), 80)).toBeNull();
    expect(d.check('a', ti(2000, 0, 500), 500)).toBeNull(); // nothing in flight: nothing late
    // Idle for 500 ms (last ACK long ago), then data: not stalled at once.
    expect(d.check('a', ti(2000, 1, 520), 520)).toBeNull();
    expect(d.check('a', ti(2000, 1, 560), 560)).toBeNull();
    expect(d.check('a', ti(2000, 1, 575), 575)).toBe('no-ack');
    // Duplicate ACKs keep coming (a lossy path, not a dead one): never 'no-ack'.
    const lossy = new StallDetector({ rtts: 4, minMs: 50 });
    for (let t = 0; t <= 300; t += 10) expect(lossy.check('c', ti(0, 10, 2), t)).toBeNull();
  });

  it("'rto' once the kernel's retransmission timer fired and nothing came back for minMs", () => {
    const d = new StallDetector({ rtts: 20, minMs: 50 });
    expect(d.check('a', ti(0, 10, 0, { caState: 4 }), 0)).toBeNull();
    expect(d.check('a', ti(0, 10, 50, { caState: 4 }), 50)).toBe('rto');
  });
});
