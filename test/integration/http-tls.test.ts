// The functions work on any node:net socket: HTTP's req.socket, a TLS
// socket (the TCP socket under it), on either end; and an HTTP server can
// take its connections from an mptcp.Server.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TwoHosts } from '../../dist/testing/netns.js';
import type { Agent } from '../../dist/testing/agent-client.js';
import { fixtures, type Basics, type Http } from '../helpers/fixtures';
import { describeNetns } from '../helpers/integration';

describeNetns('HTTP and TLS over MPTCP', () => {
  let hosts: TwoHosts;
  let server: Agent<Http & Basics>;
  let client: Agent<Http>;
  let tls: { key: string; cert: string };
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mptcp-tls-'));
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
      '-subj', '/CN=srv.test', '-addext', 'subjectAltName=DNS:srv.test,IP:192.0.2.1',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    tls = { key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8') };
    hosts = await TwoHosts.create({ paths: 1 });
    [server, client] = await Promise.all([hosts.server.spawn<Http & Basics>([fixtures.http, fixtures.basics]), hosts.client.spawn<Http>(fixtures.http)]);
  });
  afterAll(async () => {
    await hosts?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('HTTP: an http.Server fed by an mptcp.Server sees MPTCP in req.socket; the client too', async () => {
    const port = await server.call('startHttpServer');
    const got = await client.call('httpGet', port);
    const seen = await server.call('get', 'seen');
    expect(got).toEqual({ status: 200, sha256: await server.call('get', 'body'), multipath: true });
    expect(seen).toEqual([{ multipath: true, reason: null, token: true }]);
  });

  it('HTTP: a plain node:net http.Server says not-mptcp-socket; the MPTCP client says peer', async () => {
    const port = await server.call('startPlainHttpServer');
    const got = await client.call('httpGetText', port);
    expect(got).toEqual({ text: 'plain', multipath: false, reason: 'peer' });
    expect(await server.call('get', 'plainSeen')).toEqual([{ multipath: false, reason: 'not-mptcp-socket' }]);
  });

  it('TLS: the TLS socket on each end reports the MPTCP connection under it', async () => {
    const port = await server.call('startTlsServer', tls);
    const got = await client.call('tlsGet', port, tls.cert);
    expect(got).toEqual({ authorized: true, multipath: true, token: true, protocol: 262, text: 'secret' });
    expect(await server.call('get', 'tlsSeen')).toEqual([{ multipath: true, token: true, subflows: 1 }]);
  });
});
