// A plain cluster (workers without `exclusive`: the primary opens the port and
// hands connections round-robin to its workers). With the one line in the
// primary (mptcp/register), the listener it opens is MPTCP: connections land
// on both workers, both ends are MPTCP, and the kernel counts every handshake.
// Without it, the workers' mptcp.Server cannot make the primary's listener
// MPTCP: plain TCP, counters flat.
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Netns } from '../../dist/testing/netns.js';
import { describeNetns } from '../helpers/integration';

const app = path.join(__dirname, '..', 'fixtures', 'cluster.cjs');

interface Answer {
  pid: number;
  client: boolean;
  clientReason: string | null;
  server: boolean;
  reason: string | null;
  mptcpSocket: boolean;
}

describeNetns('cluster: two workers on one port', () => {
  let ns: Netns;
  beforeEach(async () => {
    ns = await Netns.create();
  });
  afterEach(async () => {
    await ns?.destroy();
  });

  async function run(hook: boolean, extra: string[] = [], nodeArgs: string[] = []): Promise<Answer[]> {
    const { stdout } = await ns.exec('env', `HOOK=${hook ? 1 : 0}`, 'PORT=8080', ...extra, process.execPath, ...nodeArgs, app);
    return JSON.parse(stdout) as Answer[];
  }

  it('with mptcp/register in the primary: MPTCP, connections on both workers', async () => {
    const answers = await run(true);
    expect(answers).toHaveLength(40);
    const pids = new Set(answers.map((a) => a.pid));
    expect(pids.size).toBe(2);
    for (const pid of pids) expect(answers.filter((a) => a.pid === pid).length).toBeGreaterThanOrEqual(10);
    for (const a of answers) expect(a).toMatchObject({ client: true, server: true, reason: null, mptcpSocket: true });
    const c = await ns.counters();
    // 40 connections over loopback in one namespace: each side's handshake counted once.
    expect(c).toMatchObject({ MPTcpExtMPCapableSYNTX: 40, MPTcpExtMPCapableSYNRX: 40, MPTcpExtMPCapableFallbackACK: 0 });
  });

  it('an unmodified cluster app (node:net workers) under node --import mptcp/register: MPTCP on both workers', async () => {
    const register = path.join(__dirname, '..', '..', 'dist', 'register', 'index.mjs');
    const answers = await run(false, ['WORKER=net'], ['--import', register]);
    expect(new Set(answers.map((a) => a.pid)).size).toBe(2);
    // The workers got the hook from the primary (NODE_OPTIONS): their sockets are mptcp.Socket too.
    for (const a of answers) expect(a).toMatchObject({ client: true, server: true, reason: null, mptcpSocket: true });
    const c = await ns.counters();
    expect(c).toMatchObject({ MPTcpExtMPCapableSYNTX: 40, MPTcpExtMPCapableSYNRX: 40 });
  });

  it('without it: the primary’s listener is node’s plain TCP', async () => {
    const answers = await run(false);
    expect(new Set(answers.map((a) => a.pid)).size).toBe(2);
    for (const a of answers) expect(a).toMatchObject({ client: false, server: false, mptcpSocket: true });
    // The client asks for MPTCP once; the plain answer is remembered for the next 39.
    expect(answers.map((a) => a.clientReason)).toEqual(['peer', ...Array<string>(39).fill('peer-remembered')]);
    const c = await ns.counters();
    expect(c).toMatchObject({ MPTcpExtMPCapableSYNTX: 1, MPTcpExtMPCapableSYNRX: 0, MPTcpExtMPCapableFallbackSYNACK: 1 });
  });
});
