// The same API where there is no MPTCP to be had: another platform, or a
// missing native addon. Run in child processes, so the condition is real
// for the whole module (it is decided when the addon loads).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.join(__dirname, '..', '..');

// A loopback echo through the package, reporting what it says about itself.
const script = (entry: string) => `
  const mptcp = require(${JSON.stringify(entry)});
  const server = mptcp.createServer({ multipath: true }, (s) => s.pipe(s));
  server.listen(0, '127.0.0.1', () => {
    const c = mptcp.connect(server.address().port, '127.0.0.1', () => c.write('echo'));
    c.on('data', (d) => {
      let requireError = null;
      const r = mptcp.connect({ port: server.address().port, host: '127.0.0.1', multipath: 'require' });
      r.on('error', (e) => {
        requireError = { code: e.code, reason: e.reason };
        let optionError = null;
        try { mptcp.getsockopt(c, 'TCP_NODELAY'); } catch (e2) { optionError = { code: e2.code, reason: e2.reason }; }
        console.log(JSON.stringify({
          data: String(d), support: mptcp.support(), multipath: mptcp.isMultipath(c), reason: mptcp.fallbackReason(c),
          serverMultipath: server.multipath, serverReason: server.fallbackReason, info: mptcp.info(c),
          requireError, optionError,
        }, (k, v) => (k === 'error' ? (v ? v.message : v) : v)));
        c.destroy(); server.close();
      });
    });
  });`;

function run(code: string, cwd = root): Record<string, unknown> {
  // MPTCP_PREBUILD (node-gyp-build: load the addon from that folder; npm run test:asan sets it) would find one.
  const { MPTCP_PREBUILD: _, ...env } = process.env;
  return JSON.parse(execFileSync(process.execPath, ['-e', code], { cwd, encoding: 'utf8', env }));
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mptcp-noaddon-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('without MPTCP', () => {
  it("another platform: plain TCP, reason 'platform', nothing native touched", () => {
    const out = run(`Object.defineProperty(process, 'platform', { value: 'darwin' });${script(path.join(root, 'dist', 'index.js'))}`);
    expect(out).toMatchObject({
      data: 'echo',
      support: { supported: false, reason: 'platform' },
      multipath: false,
      reason: 'platform',
      serverMultipath: false,
      serverReason: 'platform',
      info: null,
      requireError: { code: 'ERR_MPTCP_UNAVAILABLE', reason: 'platform' },
      optionError: { code: 'ERR_MPTCP_UNAVAILABLE', reason: 'platform' },
    });
  });

  it("the addon missing: plain TCP, reason 'addon', with the load error", () => {
    // The package without build/ or prebuilds/: node-gyp-build finds nothing to load.
    fs.cpSync(path.join(root, 'dist'), path.join(tmp, 'dist'), { recursive: true });
    fs.copyFileSync(path.join(root, 'package.json'), path.join(tmp, 'package.json'));
    fs.cpSync(path.join(root, 'node_modules', 'node-gyp-build'), path.join(tmp, 'node_modules', 'node-gyp-build'), { recursive: true });
    const out = run(script(path.join(tmp, 'dist', 'index.js')), tmp);
    expect(out).toMatchObject({
      data: 'echo',
      support: { supported: false, reason: 'addon' },
      multipath: false,
      reason: 'addon',
      requireError: { code: 'ERR_MPTCP_UNAVAILABLE', reason: 'addon' },
    });
    expect(String((out.support as { error: string }).error)).toMatch(/No native build was found/);
  });
});
