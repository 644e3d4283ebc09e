// Real peers that are not this package: nginx and curl, made MPTCP by
// mptcpize (LD_PRELOAD of libmptcpwrap), and plain curl.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TwoHosts } from '../../dist/testing/netns.js';
import type { Agent } from '../../dist/testing/agent-client.js';
import { describeNetns } from '../helpers/integration';

describeNetns(
  'interoperability with mptcpize’d nginx and curl',
  () => {
    let hosts: TwoHosts;
    let server: Agent;
    let client: Agent;
    let nginx: ChildProcess;
    let dir: string;
    const blob = crypto.randomBytes(3 << 20);
    const blobSha = crypto.createHash('sha256').update(blob).digest('hex');

    beforeAll(async () => {
      hosts = await TwoHosts.create({ paths: 2 });
      await hosts.server.mptcpLimits({ subflows: 1 });
      await hosts.client.mptcpLimits({ subflows: 1 });
      await hosts.client.mptcpEndpoint('198.51.100.2', { dev: 'cleth2', flags: ['subflow'] });
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mptcp-nginx-'));
      fs.mkdirSync(path.join(dir, 'www'));
      fs.writeFileSync(path.join(dir, 'www', 'blob'), blob);
      fs.writeFileSync(
        path.join(dir, 'nginx.conf'),
        `daemon off; master_process off; worker_processes 1;
         pid ${dir}/nginx.pid; error_log ${dir}/error.log;
         events { worker_connections 64; }
         http {
           access_log off;
           client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi;
           uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
           server { listen 192.0.2.1:8080; root ${dir}/www; }
         }`,
      );
      nginx = spawn('ip', ['netns', 'exec', hosts.server.name, 'mptcpize', 'run', 'nginx', '-c', `${dir}/nginx.conf`, '-p', dir], {
        stdio: 'ignore',
      });
      [server, client] = await Promise.all([hosts.server.agent(), hosts.client.agent()]);
      await client.run(({ net, waitFor }) =>
        waitFor(
          () =>
            new Promise<boolean>((resolve) => {
              const s = net.connect(8080, '192.0.2.1', () => resolve(s.destroy() !== null));
              s.on('error', () => resolve(false));
            }),
          { what: 'nginx to listen', timeout: 10_000, interval: 50 },
        ),
      );
    });
    afterAll(async () => {
      nginx?.kill('SIGTERM');
      await hosts?.destroy();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it('our client downloads from mptcpize nginx over MPTCP with two subflows', async () => {
      const before = await hosts.server.counters();
      const got = await client.run(async ({ mptcp, crypto, waitFor }) => {
        const s = mptcp.connect(8080, '192.0.2.1');
        await new Promise((r) => s.once('connect', r));
        const multipath = s.multipath;
        s.write('GET /blob HTTP/1.0\r\nHost: srv.test\r\n\r\n');
        await waitFor(() => (s.info()?.subflowsTotal ?? s.subflows().length) >= 2, { what: 'the second subflow' }); // subflowsTotal: 6.8+
        const flows = s.subflows().map((f) => f.local.address);
        const chunks: Buffer[] = [];
        s.on('data', (d: Buffer) => chunks.push(d));
        await new Promise((r) => s.once('end', r));
        const raw = Buffer.concat(chunks);
        const body = raw.subarray(raw.indexOf('\r\n\r\n') + 4);
        return { multipath, flows, status: raw.subarray(0, 12).toString(), length: body.length, sha256: crypto.createHash('sha256').update(body).digest('hex') };
      });
      expect(got).toEqual({ multipath: true, flows: ['192.0.2.2', '198.51.100.2'], status: 'HTTP/1.1 200', length: blob.length, sha256: blobSha });
      const after = await hosts.server.counters();
      expect(after.MPTcpExtMPCapableSYNRX - before.MPTcpExtMPCapableSYNRX).toBe(1);
      expect(after.MPTcpExtMPJoinAckRx - before.MPTcpExtMPJoinAckRx).toBe(1);
    });

    it('mptcpize curl reaches our HTTP server over MPTCP; plain curl falls back (peer)', async () => {
      const port = await server.run(async ({ mptcp, require, state }) => {
        const http = require('node:http') as typeof import('node:http');
        const seen: unknown[] = [];
        state.set('seen', seen);
        const web = http.createServer((req, res) => {
          seen.push({ ua: req.headers['user-agent']?.split('/')[0], multipath: mptcp.isMultipath(req.socket), reason: mptcp.fallbackReason(req.socket) });
          res.end('hello');
        });
        const srv = mptcp.createServer((s) => web.emit('connection', s));
        state.set('web', srv);
        await new Promise<void>((r) => srv.listen(0, '192.0.2.1', r));
        return (srv.address() as { port: number }).port;
      });
      const url = `http://192.0.2.1:${port}/`;
      const viaMptcpize = await hosts.client.exec('mptcpize', 'run', 'curl', '-sS', url);
      const plain = await hosts.client.exec('curl', '-sS', url);
      expect([viaMptcpize.stdout, plain.stdout]).toEqual(['hello', 'hello']);
      expect(await server.run(({ state }) => state.get('seen'))).toEqual([
        { ua: 'curl', multipath: true, reason: null },
        { ua: 'curl', multipath: false, reason: 'peer' },
      ]);
    });
  },
  ['mptcpize', 'nginx', 'curl'],
);
