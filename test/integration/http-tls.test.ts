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
import { describeNetns } from '../helpers/integration';

describeNetns('HTTP and TLS over MPTCP', () => {
  let hosts: TwoHosts;
  let server: Agent;
  let client: Agent;
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
    [server, client] = await Promise.all([hosts.server.agent(), hosts.client.agent()]);
  });
  afterAll(async () => {
    await hosts?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('HTTP: an http.Server fed by an mptcp.Server sees MPTCP in req.socket; the client too', async () => {
    const port = await server.run(async ({ mptcp, require, state, crypto }) => {
      const http = require('node:http') as typeof import('node:http');
      const body = crypto.randomBytes(200_000);
      state.set('body', crypto.createHash('sha256').update(body).digest('hex'));
      const seen: unknown[] = [];
      state.set('seen', seen);
      const web = http.createServer((req, res) => {
        seen.push({ multipath: mptcp.isMultipath(req.socket), reason: mptcp.fallbackReason(req.socket), token: mptcp.info(req.socket)?.token !== 0 });
        res.end(body);
      });
      const srv = mptcp.createServer((s) => web.emit('connection', s));
      state.set('srv', srv);
      await new Promise<void>((r) => srv.listen(0, '192.0.2.1', r));
      return (srv.address() as { port: number }).port;
    });
    const got = await client.run(async ({ mptcp, require, crypto }, p: number) => {
      const http = require('node:http') as typeof import('node:http');
      return new Promise<Record<string, unknown>>((resolve, reject) => {
        const req = http.get({ host: '192.0.2.1', port: p, path: '/', createConnection: mptcp.createConnection as never }, (res) => {
          const hash = crypto.createHash('sha256');
          res.on('data', (d) => hash.update(d));
          res.on('end', () => resolve({ status: res.statusCode, sha256: hash.digest('hex'), multipath: mptcp.isMultipath(res.socket) }));
        });
        req.on('error', reject);
      });
    }, port);
    const seen = await server.run(({ state }) => state.get('seen'));
    expect(got).toEqual({ status: 200, sha256: await server.run(({ state }) => state.get('body')), multipath: true });
    expect(seen).toEqual([{ multipath: true, reason: null, token: true }]);
  });

  it('HTTP: a plain node:net http.Server says not-mptcp-socket; the MPTCP client says peer', async () => {
    const port = await server.run(async ({ mptcp, require, state }) => {
      const http = require('node:http') as typeof import('node:http');
      const seen: unknown[] = [];
      state.set('plainSeen', seen);
      const web = http.createServer((req, res) => {
        seen.push({ multipath: mptcp.isMultipath(req.socket), reason: mptcp.fallbackReason(req.socket) });
        res.end('plain');
      });
      state.set('web', web);
      await new Promise<void>((r) => web.listen(0, '192.0.2.1', r));
      return (web.address() as { port: number }).port;
    });
    const got = await client.run(async ({ mptcp, require }, p: number) => {
      const http = require('node:http') as typeof import('node:http');
      return new Promise((resolve, reject) => {
        http
          .get({ host: '192.0.2.1', port: p, createConnection: mptcp.createConnection as never }, (res) => {
            let text = '';
            res.on('data', (d) => (text += d));
            res.on('end', () => resolve({ text, multipath: mptcp.isMultipath(res.socket), reason: mptcp.fallbackReason(res.socket) }));
          })
          .on('error', reject);
      });
    }, port);
    expect(got).toEqual({ text: 'plain', multipath: false, reason: 'peer' });
    expect(await server.run(({ state }) => state.get('plainSeen'))).toEqual([{ multipath: false, reason: 'not-mptcp-socket' }]);
  });

  it('TLS: the TLS socket on each end reports the MPTCP connection under it', async () => {
    const port = await server.run(async ({ mptcp, require, state }, creds: { key: string; cert: string }) => {
      const tlsMod = require('node:tls') as typeof import('node:tls');
      const seen: unknown[] = [];
      state.set('tlsSeen', seen);
      const secure = tlsMod.createServer(creds, (t) => {
        seen.push({ multipath: mptcp.isMultipath(t), token: (mptcp.info(t)?.token ?? 0) !== 0, subflows: mptcp.subflows(t).length });
        t.end('secret');
      });
      const srv = mptcp.createServer((s) => secure.emit('connection', s));
      state.set('tlsSrv', srv);
      await new Promise<void>((r) => srv.listen(0, '192.0.2.1', r));
      return (srv.address() as { port: number }).port;
    }, tls);
    const got = await client.run(async ({ mptcp, require }, p: number, ca: string) => {
      const tlsMod = require('node:tls') as typeof import('node:tls');
      const raw = mptcp.connect(p, '192.0.2.1');
      const t = tlsMod.connect({ socket: raw, ca, servername: 'srv.test' });
      await new Promise<void>((r, j) => {
        t.once('secureConnect', r);
        t.once('error', j);
      });
      const state = { authorized: t.authorized, multipath: mptcp.isMultipath(t), token: (mptcp.info(t)?.token ?? 0) !== 0, protocol: mptcp.getsockopt(t, 'SO_PROTOCOL') };
      let text = '';
      t.on('data', (d) => (text += d));
      await new Promise((r) => t.once('end', r));
      return { ...state, text };
    }, port, tls.cert);
    expect(got).toEqual({ authorized: true, multipath: true, token: true, protocol: 262, text: 'secret' });
    expect(await server.run(({ state }) => state.get('tlsSeen'))).toEqual([{ multipath: true, token: true, subflows: 1 }]);
  });
});
