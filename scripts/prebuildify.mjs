// `npm run prebuildify`: the prebuilt addons the package ships in prebuilds/
// (listed in "files"), so that an install needs neither a compiler nor an
// install script (npm 11 runs a dependency's install script only once the
// user approves it). N-API: one binary per platform, arch and libc serves
// every Node version. Tagged glibc, so node-gyp-build on musl skips them and
// builds instead of loading a binary that cannot work there.
//
//   linux-x64    always
//   linux-arm64  when aarch64-linux-gnu-g++ is installed
//                (bash scripts/setup.sh prebuild); skipped with a warning
//                otherwise, or an error with --require-arm64
//
// Offline: against the Node headers on this machine (npm_config_nodedir, or
// include/node next to the running node), never downloaded. It builds in a
// scratch copy of binding.gyp and src/, so build/ (a local build) is left
// alone. Each binary is checked: its ELF machine; the versions of glibc and
// libstdc++ it needs, no newer than official Node 22 builds need (glibc 2.28,
// GLIBCXX_3.4.21, CXXABI_1.3.9), or it would not load where Node runs; and the
// x64 one is loaded. An arm64 node can load the arm64 one under qemu-user:
// set ARM64_NODE to it.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const requireArm64 = process.argv.includes('--require-arm64');

function fail(message) {
  console.error(`prebuildify: ${message}`);
  process.exit(1);
}

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim() || null;
}

function nodeHeaders() {
  const candidates = [process.env.npm_config_nodedir, path.join(path.dirname(process.execPath), '..')];
  for (const dir of candidates) {
    if (dir && fs.existsSync(path.join(dir, 'include', 'node', 'node_api.h'))) return path.resolve(dir);
  }
  return fail('no Node headers here (include/node/node_api.h): set npm_config_nodedir to a Node install that has them');
}

// e_machine of an ELF file: 62 x86-64, 183 AArch64.
function elfMachine(file) {
  const b = fs.readFileSync(file);
  if (b.readUInt32BE(0) !== 0x7f454c46) return null;
  return b.readUInt16LE(18);
}

// The newest symbol versions a prebuild may need: those official Node 22
// binaries need (objdump -T node). A newer one, say GLIBCXX_3.4.29 from a
// std::u16string, would fail to load on RHEL 8 with Node from nodejs.org.
const ABI_CEILING = { GLIBC: [2, 28], GLIBCXX: [3, 4, 21], CXXABI: [1, 3, 9] };

function newer(a, b) {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return false;
}

function checkAbi(file, prefix = '') {
  const text = execFileSync(`${prefix}objdump`, ['-T', file], { encoding: 'utf8' });
  const max = {};
  for (const [, lib, v] of text.matchAll(/\((GLIBC|GLIBCXX|CXXABI)_([\d.]+)\)/g)) {
    const version = v.split('.').map(Number);
    if (!max[lib] || newer(version, max[lib])) max[lib] = version;
  }
  for (const [lib, version] of Object.entries(max)) {
    if (newer(version, ABI_CEILING[lib])) {
      fail(`${file} needs ${lib}_${version.join('.')}, newer than Node itself needs (${lib}_${ABI_CEILING[lib].join('.')})`);
    }
  }
  return Object.entries(max)
    .map(([lib, version]) => `${lib}_${version.join('.')}`)
    .sort()
    .join(' ');
}

const nodedir = nodeHeaders();
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mptcp-prebuild-'));
const outDir = path.join(root, 'prebuilds');
try {
  for (const f of ['binding.gyp', 'package.json']) fs.copyFileSync(path.join(root, f), path.join(scratch, f));
  fs.cpSync(path.join(root, 'src'), path.join(scratch, 'src'), { recursive: true });
  fs.rmSync(outDir, { recursive: true, force: true });

  const targets = [{ arch: 'x64', machine: 62 }];
  const cross = onPath('aarch64-linux-gnu-g++');
  if (os.arch() === 'x64' && cross) targets.push({ arch: 'arm64', machine: 183, prefix: 'aarch64-linux-gnu-' });
  else if (requireArm64) fail('no arm64 cross compiler: bash scripts/setup.sh prebuild installs g++-aarch64-linux-gnu');
  else console.warn('prebuildify: no aarch64-linux-gnu-g++, so no linux-arm64 build (bash scripts/setup.sh prebuild installs it)');

  const env = {
    ...process.env,
    npm_config_nodedir: nodedir,
    // binding.gyp asks node for node-addon-api's include dir, from the scratch copy.
    NODE_PATH: path.join(root, 'node_modules'),
    PREBUILD_NODE_GYP: path.join(root, 'node_modules', '.bin', 'node-gyp'),
  };
  for (const t of targets) {
    const targetEnv = { ...env };
    const args = ['--napi', '--strip', '--tag-libc', '--arch', t.arch, '--out', root, '--cwd', scratch];
    if (t.prefix) {
      Object.assign(targetEnv, {
        CC: `${t.prefix}gcc`,
        CXX: `${t.prefix}g++`,
        LINK: `${t.prefix}g++`,
        AR: `${t.prefix}ar`,
      });
      args.push('--strip-bin', `${t.prefix}strip`);
    }
    console.log(`prebuildify: linux-${t.arch} (headers: ${nodedir})`);
    execFileSync(process.execPath, [require.resolve('prebuildify/bin.js'), ...args], { stdio: 'inherit', env: targetEnv });
    const file = path.join(outDir, `linux-${t.arch}`, 'mptcp.glibc.node');
    if (!fs.existsSync(file)) fail(`${file} was not made`);
    if (elfMachine(file) !== t.machine) fail(`${file}: ELF machine ${elfMachine(file)}, expected ${t.machine}`);
    t.abi = checkAbi(file, t.prefix);
    fs.rmSync(path.join(scratch, 'build'), { recursive: true, force: true });
  }

  // The x64 binary loads here; the arm64 one where an arm64 node is given.
  const probe = (file) => `const b = require(${JSON.stringify(file)}); if (typeof b.socket !== 'function') process.exit(1); console.log(Object.keys(b).length + ' exports')`;
  const x64 = path.join(outDir, 'linux-x64', 'mptcp.glibc.node');
  if (os.arch() === 'x64') console.log(`prebuildify: linux-x64 loads: ${execFileSync(process.execPath, ['-e', probe(x64)], { encoding: 'utf8' }).trim()}`);
  const arm64 = path.join(outDir, 'linux-arm64', 'mptcp.glibc.node');
  if (fs.existsSync(arm64) && process.env.ARM64_NODE) {
    const qemu = onPath('qemu-aarch64') ?? fail('ARM64_NODE is set but qemu-aarch64 is missing (bash scripts/setup.sh prebuild)');
    const out = execFileSync(qemu, ['-L', '/usr/aarch64-linux-gnu', process.env.ARM64_NODE, '-e', probe(arm64)], { encoding: 'utf8' });
    console.log(`prebuildify: linux-arm64 loads under qemu-aarch64: ${out.trim()}`);
  }

  for (const t of targets) {
    const file = path.join(outDir, `linux-${t.arch}`, 'mptcp.glibc.node');
    console.log(`prebuildify: ${path.relative(root, file)} ${fs.statSync(file).size} bytes, needs ${t.abi}`);
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
