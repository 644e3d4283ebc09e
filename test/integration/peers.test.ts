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
import { fixtures, type Basics, type Http, type Traffic } from '../helpers/fixtures';
import { describeNetns } from '../helpers/integration';

describeNetns(
  'interoperability with mptcpize’d nginx and curl',
  () => {
    let hosts: TwoHosts;
    let server: Agent<Http & Basics>;
    let client: Agent<Http & Traffic>;
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
      [server, client] = await Promise.all([
        hosts.server.spawn<Http & Basics>([fixtures.http, fixtures.basics]),
        hosts.client.spawn<Http & Traffic>([fixtures.http, fixtures.traffic]),
      ]);
      await client.call('waitListening', { host: '192.0.2.1', port: 8080, what: 'nginx to listen', timeout: 10_000, interval: 50 });
    });
    afterAll(async () => {
      nginx?.kill('SIGTERM');
      await hosts?.destroy();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it('our client downloads from mptcpize nginx over MPTCP with two subflows', async () => {
      const before = await hosts.server.counters();
      const got = await client.call('downloadBlob');
      expect(got).toEqual({ multipath: true, flows: ['192.0.2.2', '198.51.100.2'], status: 'HTTP/1.1 200', length: blob.length, sha256: blobSha });
      const after = await hosts.server.counters();
      expect(after.MPTcpExtMPCapableSYNRX - before.MPTcpExtMPCapableSYNRX).toBe(1);
      expect(after.MPTcpExtMPJoinAckRx - before.MPTcpExtMPJoinAckRx).toBe(1);
    });

    it('mptcpize curl reaches our HTTP server over MPTCP; plain curl falls back (peer)', async () => {
      const port = await server.call('startHelloServer');
      const url = `http://192.0.2.1:${port}/`;
      const viaMptcpize = await hosts.client.exec('mptcpize', 'run', 'curl', '-sS', url);
      const plain = await hosts.client.exec('curl', '-sS', url);
      expect([viaMptcpize.stdout, plain.stdout]).toEqual(['hello', 'hello']);
      expect(await server.call('get', 'seen')).toEqual([
        { ua: 'curl', multipath: true, reason: null },
        { ua: 'curl', multipath: false, reason: 'peer' },
      ]);
    });
  },
  ['mptcpize', 'nginx', 'curl'],
);
