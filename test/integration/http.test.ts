// HTTP over MPTCP, each server kind and each client kind the way the README
// shows it, between two hosts: requests succeed, both ends are MPTCP, and the
// server's kernel counts one MP_CAPABLE handshake per connection its app saw.
// Real peers not written here (curl and python's http.server under
// mptcpize, plain curl) talk to ours; the register hook turns an unmodified
// app MPTCP, honours its policy, and says so per socket with MPTCP_DEBUG.
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Netns, TwoHosts } from '../../dist/testing/netns.js';
import { describeNetns } from '../helpers/integration';

const fixtures = path.join(__dirname, '..', 'fixtures');
const register = path.join(__dirname, '..', '..', 'dist', 'register', 'index.mjs');
const SERVER = '192.0.2.1';

interface Seen {
  multipath: boolean;
  reason: string | null;
}
interface Result {
  answer: Seen;
  multipath?: boolean;
  reason?: string | null;
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mptcp-http-'));
  // prettier-ignore
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-subj', '/CN=srv.test', '-addext', `subjectAltName=DNS:srv.test,IP:${SERVER},IP:127.0.0.1,IP:127.0.0.2`,
    '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
  ], { stdio: 'ignore' });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Starts a long-running process in `ns` and resolves with it and its first stdout line. */
async function start(ns: Netns, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ child: ChildProcess; first: string; lines: string[] }> {
  const child = spawn('ip', ['netns', 'exec', ns.name, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  createInterface({ input: child.stdout! }).on('line', (l) => lines.push(l));
  // Generous: loading express or fastify takes over 15 s under emulation (npm run test:kernel).
  const deadline = Date.now() + 45_000;
  while (lines.length === 0) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${args.join(' ')} did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return { child, first: lines[0]!, lines };
}

/** SIGTERM: the server prints every connection it saw, as its last line. */
async function stop(p: { child: ChildProcess; lines: string[] }): Promise<Seen[]> {
  const exited = new Promise((r) => p.child.once('exit', r));
  p.child.kill('SIGTERM');
  await exited;
  await new Promise((r) => setImmediate(r));
  return JSON.parse(p.lines[p.lines.length - 1]!) as Seen[];
}

describeNetns('HTTP servers and clients', () => {
  let hosts: TwoHosts;
  beforeAll(async () => {
    hosts = await TwoHosts.create({ paths: 1 });
  });
  afterAll(async () => {
    await hosts?.destroy();
  });

  async function exchange(serverKind: string, clientKind: string, scheme: string, count = 3): Promise<{ results: Result[]; seen: Seen[]; synRx: number; synTx: number }> {
    const [s0, c0] = await Promise.all([hosts.server.counters(), hosts.client.counters()]);
    const server = await start(hosts.server, [process.execPath, path.join(fixtures, 'http-server.mjs'), serverKind, SERVER, dir]);
    try {
      const { port } = JSON.parse(server.first) as { port: number };
      const { stdout } = await hosts.client.exec(process.execPath, path.join(fixtures, 'http-client.mjs'), clientKind, `${scheme}://${SERVER}:${port}/`, String(count), dir);
      const results = JSON.parse(stdout) as Result[];
      const seen = await stop(server);
      const [s1, c1] = await Promise.all([hosts.server.counters(), hosts.client.counters()]);
      return {
        results,
        seen,
        synRx: s1.MPTcpExtMPCapableSYNRX! - s0.MPTcpExtMPCapableSYNRX!,
        synTx: c1.MPTcpExtMPCapableSYNTX! - c0.MPTcpExtMPCapableSYNTX!,
      };
    } finally {
      server.child.kill('SIGKILL');
    }
  }

  const pairs: [string, string, string, string][] = [
    // server kind, client kind, scheme, what the README calls it
    ['http', 'agent', 'http', 'mptcp.listen(http.createServer()) / mptcp.Agent'],
    ['https', 'https-agent', 'https', 'mptcp.listen(https.createServer()) / mptcp.HttpsAgent'],
    ['http2', 'http2', 'http', 'http2 cleartext / createConnection'],
    ['http2-secure', 'https-agent', 'https', 'http2 secure with HTTP/1 fallback / mptcp.HttpsAgent'],
    ['tls', 'tls', 'https', 'tls.Server / tls.connect({ socket })'],
    ['express', 'undici', 'http', 'express / undici.Agent({ connect })'],
    ['fastify', 'fetch', 'http', 'fastify serverFactory / built-in fetch after useForFetch()'],
    ['koa', 'agent', 'http', 'koa / mptcp.Agent'],
    ['hono', 'undici', 'http', 'hono node adapter / undici'],
    ['https', 'undici', 'https', 'https / undici with TLS'],
    ['ws', 'ws', 'http', 'ws server / ws client'],
  ];
  it.each(pairs)('%s server, %s client (%s): MPTCP both ends, one handshake per connection', async (serverKind, clientKind, scheme) => {
    const { results, seen, synRx, synTx } = await exchange(serverKind, clientKind, scheme);
    expect(results).toHaveLength(3);
    for (const r of results) {
      expect(r.answer).toEqual({ multipath: true, reason: null });
      if (r.multipath !== undefined) expect({ multipath: r.multipath, reason: r.reason }).toEqual({ multipath: true, reason: null });
    }
    expect(seen.length).toBeGreaterThanOrEqual(1);
    for (const s of seen) expect(s).toEqual({ multipath: true, reason: null });
    expect(synRx).toBe(seen.length);
    expect(synTx).toBe(seen.length);
  });

  it('our client against a plain node:net server, and our server to a plain client: success, reason peer', async () => {
    // Our server, node:net's client (http.get without an agent of ours).
    const server = await start(hosts.server, [process.execPath, path.join(fixtures, 'http-server.mjs'), 'http', SERVER, dir]);
    const { port } = JSON.parse(server.first) as { port: number };
    const plain = await hosts.client.exec('curl', '-sS', `http://${SERVER}:${port}/`);
    expect(JSON.parse(plain.stdout)).toEqual({ multipath: false, reason: 'peer' });
    await stop(server);
    // A plain server (python's http.server), our client.
    const py = await start(hosts.server, ['python3', '-u', '-c', `import http.server as h; s = h.HTTPServer(('${SERVER}', 0), h.SimpleHTTPRequestHandler); print(s.server_address[1], flush=True); s.serve_forever()`]);
    try {
      const out = await hosts.client.exec(
        process.execPath,
        '-e',
        `const m = require(${JSON.stringify(path.join(__dirname, '..', '..', 'dist', 'index.js'))});
         require('node:http').get('http://${SERVER}:${py.first}/', { agent: new m.Agent() }, (res) => {
           res.resume().on('end', () => console.log(JSON.stringify({ status: res.statusCode, multipath: m.isMultipath(res.socket ?? res.req.socket), reason: m.fallbackReason(res.req.socket) })));
         });`,
      );
      expect(JSON.parse(out.stdout)).toEqual({ status: 200, multipath: false, reason: 'peer' });
    } finally {
      py.child.kill('SIGKILL');
    }
  });

  it('real peers: curl and python’s http.server under mptcpize talk MPTCP to ours; ss -M lists the connections', async () => {
    const server = await start(hosts.server, [process.execPath, path.join(fixtures, 'http-server.mjs'), 'http', SERVER, dir]);
    const { port } = JSON.parse(server.first) as { port: number };
    // An idle connection held open (python under mptcpize), for ss to see.
    const held = spawn('ip', ['netns', 'exec', hosts.client.name, 'mptcpize', 'run', 'python3', '-c', `import socket, time; s = socket.create_connection(('${SERVER}', ${port})); time.sleep(20)`]);
    const got = await hosts.client.exec('mptcpize', 'run', 'curl', '-sS', `http://${SERVER}:${port}/`);
    expect(JSON.parse(got.stdout)).toEqual({ multipath: true, reason: null });
    let ss = '';
    for (let i = 0; i < 50 && !ss.includes(`${SERVER}:${port}`); i++) {
      ss = (await hosts.server.exec('ss', '-MnH', 'state', 'established')).stdout;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(ss).toContain(`${SERVER}:${port}`);
    held.kill('SIGKILL');
    await stop(server);

    const py = await start(hosts.server, ['mptcpize', 'run', 'python3', '-u', '-c', `import http.server as h; s = h.HTTPServer(('${SERVER}', 0), h.SimpleHTTPRequestHandler); print(s.server_address[1], flush=True); s.serve_forever()`]);
    try {
      const before = (await hosts.server.counters()).MPTcpExtMPCapableSYNRX!;
      const out = await hosts.client.exec(
        process.execPath,
        '-e',
        `const m = require(${JSON.stringify(path.join(__dirname, '..', '..', 'dist', 'index.js'))});
         require('node:http').get('http://${SERVER}:${py.first}/', { agent: new m.Agent() }, (res) => {
           res.resume().on('end', () => console.log(JSON.stringify({ status: res.statusCode, multipath: m.isMultipath(res.req.socket) })));
         });`,
      );
      expect(JSON.parse(out.stdout)).toEqual({ status: 200, multipath: true });
      expect((await hosts.server.counters()).MPTcpExtMPCapableSYNRX! - before).toBe(1);
    } finally {
      py.child.kill('SIGKILL');
    }
  });
});

describeNetns('the register hook on an unmodified app', () => {
  let ns: Netns;
  beforeAll(async () => {
    ns = await Netns.create();
    await ns.ip('addr', 'add', '127.0.0.2/8', 'dev', 'lo');
  });
  afterAll(async () => {
    await ns?.destroy();
  });

  async function runApp(env: Record<string, string>, hook = true): Promise<{ out: Record<string, string>; stderr: string; synTx: number; synRx: number }> {
    const c0 = await ns.counters();
    const args = [...(hook ? ['--import', register] : []), path.join(fixtures, 'register-app.mjs'), dir];
    const { stdout, stderr } = await ns.exec('env', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), process.execPath, ...args);
    const c1 = await ns.counters();
    return {
      out: JSON.parse(stdout) as Record<string, string>,
      stderr,
      synTx: c1.MPTcpExtMPCapableSYNTX! - c0.MPTcpExtMPCapableSYNTX!,
      synRx: c1.MPTcpExtMPCapableSYNRX! - c0.MPTcpExtMPCapableSYNRX!,
    };
  }
  const expected = { fetch1: 'hello /f1', fetch2: 'hello /f2', get: 'hello /g', tls: 'hello tls' };

  it('four connections (fetch ×2, http.get, tls.connect), all MPTCP with the hook', async () => {
    const r = await runApp({});
    expect(r.out).toEqual(expected);
    expect({ synTx: r.synTx, synRx: r.synRx }).toEqual({ synTx: 4, synRx: 4 });
  });

  it('without the hook, and with MPTCP=off: the same answers, counters flat', async () => {
    for (const r of [await runApp({}, false), await runApp({ MPTCP: 'off' })]) {
      expect(r.out).toEqual(expected);
      expect({ synTx: r.synTx, synRx: r.synRx }).toEqual({ synTx: 0, synRx: 0 });
    }
  });

  it('MPTCP_HOSTS and MPTCP_CLIENTS: only the listed destinations, or no client at all', async () => {
    const hosts = await runApp({ MPTCP_HOSTS: '127.0.0.2' });
    expect(hosts.out).toEqual(expected);
    expect({ synTx: hosts.synTx, synRx: hosts.synRx }).toEqual({ synTx: 3, synRx: 3 });
    const cidr = await runApp({ MPTCP_HOSTS: 'other.test,127.0.0.0/31' });
    expect({ synTx: cidr.synTx, synRx: cidr.synRx }).toEqual({ synTx: 1, synRx: 1 });
    const servers = await runApp({ MPTCP_CLIENTS: 'off' });
    expect({ synTx: servers.synTx, synRx: servers.synRx }).toEqual({ synTx: 0, synRx: 0 });
  });

  it('MPTCP_DEBUG=1: one line per socket, MPTCP or TCP and why', async () => {
    const r = await runApp({ MPTCP_DEBUG: '1', MPTCP_HOSTS: '127.0.0.2' });
    const lines = r.stderr.trim().split('\n').map((l) => l.replace(/^mptcp\[\d+\]: /, '').replace(/:\d+ /, ':PORT '));
    expect(lines.filter((l) => l.startsWith('listen'))).toEqual(['listen 0.0.0.0:PORT MPTCP', 'listen 0.0.0.0:PORT MPTCP']);
    expect(lines.filter((l) => l.startsWith('connect')).sort()).toEqual(
      ['connect 127.0.0.1:PORT TCP (option-off)', 'connect 127.0.0.2:PORT MPTCP', 'connect 127.0.0.2:PORT MPTCP', 'connect 127.0.0.2:PORT MPTCP'].sort(),
    );
    // The kernel picks 127.0.0.1 as the source towards either address: only the verdicts differ.
    expect(lines.filter((l) => l.startsWith('accept')).sort()).toEqual(
      ['accept 127.0.0.1:PORT MPTCP', 'accept 127.0.0.1:PORT MPTCP', 'accept 127.0.0.1:PORT MPTCP', 'accept 127.0.0.1:PORT TCP (peer)'],
    );
  });

  it('leaves IPC, UDP and handed-over listeners as node has them', async () => {
    const run = async (hook: boolean) => {
      const args = [...(hook ? ['--import', register] : []), path.join(fixtures, 'register-passthrough.mjs'), dir];
      const out = JSON.parse((await ns.exec(process.execPath, ...args)).stdout) as Record<string, unknown>;
      return { ...out, ipcAddress: String(out.ipcAddress).replace(/\d+\.sock$/, 'PID.sock') };
    };
    const plain = await run(false);
    expect(plain).toEqual({ ipc: 'ipc ok', ipcAddress: `${dir}/ipc-PID.sock`, udp: 'udp ok', twin: 'twin ok' });
    expect(await run(true)).toEqual(plain);
  });

  it('a bad value: one warning, nothing changed', async () => {
    const r = await runApp({ MPTCP: 'sometimes', MPTCP_DEBUG: '1' });
    expect(r.out).toEqual(expected);
    expect({ synTx: r.synTx, synRx: r.synRx }).toEqual({ synTx: 0, synRx: 0 });
    expect(r.stderr.trim().split('\n').filter((l) => l.includes('MPTCP_REGISTER_POLICY'))).toEqual([
      expect.stringMatching(/MPTCP="sometimes": expected on, off or require\. mptcp\/register changed nothing/),
    ]);
  });
});

describe('register policy parsing', () => {
  it('rejects bad values with the variable named', async () => {
    const { policyFromEnv } = await import('../../dist/register/policy.js');
    expect(policyFromEnv({})).toMatchObject({ servers: true, clients: true, hosts: null, debug: false });
    expect(policyFromEnv({ MPTCP: 'require', MPTCP_CLIENTS: 'off' })).toMatchObject({ servers: 'require', clients: false });
    expect(() => policyFromEnv({ MPTCP_SERVERS: 'yes' })).toThrow(/MPTCP_SERVERS="yes"/);
    expect(() => policyFromEnv({ MPTCP_HOSTS: '10.0.0.0/33' })).toThrow(/bad prefix length/);
    expect(() => policyFromEnv({ MPTCP_HOSTS: 'a b' })).toThrow(/not a host name/);
    expect(() => policyFromEnv({ MPTCP_DEBUG: 'yes' })).toThrow(/MPTCP_DEBUG/);
    const p = policyFromEnv({ MPTCP_HOSTS: '*.example.test, api.test, 2001:db8::/32' });
    expect([...p.hosts!.names]).toEqual(['api.test']);
    expect(p.hosts!.suffixes).toEqual(['.example.test']);
  });
});
