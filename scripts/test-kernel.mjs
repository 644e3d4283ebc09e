// `npm run test:kernel -- <version>`: boots a Debian kernel of that version
// under qemu and runs the tests selected for it (test/kernel/<version>.txt)
// inside, as root with CI=true; exits with vitest's status.
//
// The VM is the only thing that runs tests: the host downloads and unpacks,
// nothing more (no namespaces, no sysctls, its apt sources untouched).
//
// Cached under ~/.cache/mptcp (or $XDG_CACHE_HOME/mptcp), nothing in the tree:
//   kernels/<version>/     vmlinuz and the modules the tests need (~10 MB), from
//                          the newest linux-image .deb when first asked for
//   initramfs/             two layers: system (busybox, node, python3, iproute2, … and the
//                          modules) and node_modules, each rebuilt (~10 s) only
//                          when what went into it changed
// Each run adds a third, small layer (dist/, test/, the addon) and concatenates
// the three: the kernel unpacks concatenated cpio archives as one.
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const cache = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'mptcp');

// Which Debian package gives each kernel version.
const kernels = {
  // Debian 12 (bookworm): 6.1 LTS, newest point release from bookworm-security.
  '6.1': { suites: ['bookworm', 'bookworm-security'], package: /^linux-image-6\.1\.0-\d+-amd64$/ },
  // Debian 13 (trixie): 6.12 LTS.
  '6.12': { suites: ['trixie', 'trixie-security'], package: /^linux-image-6\.12\.\d+\+deb13-amd64$/ },
};

// Modules the tests need that Debian builds as modules (MPTCP itself is built
// in): veth links, tbf/htb shaping, sock_diag for ss and `mptcp connections`,
// a blackholed path (Netns.blackhole: ifb, a clsact qdisc, a u32 filter, a
// mirred redirect), and BBR as a namespace's default congestion control.
const modules = [
  'veth', 'sch_tbf', 'sch_htb', 'inet_diag', 'tcp_diag', 'mptcp_diag',
  'ifb', 'sch_ingress', 'cls_u32', 'act_mirred', 'tcp_bbr',
];

// Programs the tests run (as peers, or to look at the kernel), with what they
// load besides their ELF dependencies. busybox provides the rest (sh, cat, …).
const programs = ['dash', 'ip', 'tc', 'ss', 'sysctl', 'setpriv', 'unshare', 'openssl', 'curl', 'nginx', 'mptcpize', 'python3'];
const extraFiles = [
  '/usr/lib/x86_64-linux-gnu/mptcpize/libmptcpwrap.so.0.0.1', // mptcpize's LD_PRELOAD
  '/usr/lib/ssl/openssl.cnf',
];
// python3 (a real peer: http.server, a plain socket) needs its standard
// library; what no test imports and what is large stays out (~24 MB left).
const pythonLeftOut = new Set(['config-3', 'test', 'idlelib', 'tkinter', 'turtledemo', 'lib2to3', 'ensurepip', 'pydoc_data', 'unittest', 'distutils', 'site-packages', 'dist-packages']);

// A test run is bounded: a hung VM fails instead of waiting for CI's timeout.
const timeoutSeconds = Number(process.env.MPTCP_VM_TIMEOUT || 1800);
// TCG (emulation) by default: it works everywhere; KVM where it really does.
const accel = process.env.MPTCP_VM_ACCEL || 'tcg';
const resultLine = /^MPTCP-TEST-KERNEL-RESULT=(\d+)\r?$/m;

function usage(message) {
  console.error(`test:kernel: ${message}`);
  console.error(`usage: npm run test:kernel -- <${Object.keys(kernels).join('|')}> [test files…]`);
  process.exit(2);
}

function log(message) {
  console.log(`test:kernel: ${message}`);
}

const run = (cmd, args, options = {}) => execFileSync(cmd, args, { encoding: 'utf8', ...options });

function sha256(...parts) {
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(typeof p === 'string' ? p : JSON.stringify(p)).update('\0');
  return h.digest('hex').slice(0, 16);
}

/** apt-get/apt-cache with sources and lists of their own in `dir`: the host's apt stays as it is. */
function apt(dir, suites, tool, args) {
  const sources = path.join(dir, 'sources.list');
  if (!fs.existsSync(sources)) {
    fs.mkdirSync(path.join(dir, 'lists', 'partial'), { recursive: true });
    const lines = suites.map((s) =>
      s.endsWith('-security')
        ? `deb http://deb.debian.org/debian-security ${s} main`
        : `deb http://deb.debian.org/debian ${s} main`,
    );
    fs.writeFileSync(sources, `${lines.join('\n')}\n`);
  }
  const config = [
    ['Dir::Etc::SourceList', sources],
    ['Dir::Etc::SourceParts', '/nonexistent'],
    ['Dir::State::Lists', path.join(dir, 'lists')],
    ['Dir::Cache', path.join(dir, 'cache')],
    ['APT::Architectures', 'amd64'],
    ['Acquire::Languages', 'none'],
    // Downloads land in a directory _apt may not be able to write.
    ['APT::Sandbox::User', 'root'],
  ].flatMap(([k, v]) => ['-o', `${k}=${v}`]);
  return run(tool, [...config, ...args], { cwd: dir });
}

/**
 * The kernel: vmlinuz and the modules the tests need, from the newest matching
 * linux-image .deb. Only those stay in the cache (about 15 MB): the package
 * lists, the .deb and the rest of it are fetched into a temporary directory
 * and dropped, and fetched again only if the list of modules changes.
 */
function kernel(version) {
  const spec = kernels[version];
  const dir = path.join(cache, 'kernels', version);
  const stamp = path.join(dir, 'kernel.json');
  const want = sha256(modules);
  if (fs.existsSync(stamp)) {
    const k = JSON.parse(fs.readFileSync(stamp, 'utf8'));
    if (k.modulesKey === want) return k;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mptcp-kernel-'));
  try {
    log(`fetching Debian's package lists (${spec.suites.join(', ')})`);
    apt(tmp, spec.suites, 'apt-get', ['update', '-qq']);
    const names = apt(tmp, spec.suites, 'apt-cache', ['pkgnames', 'linux-image-'])
      .split('\n')
      .filter((n) => spec.package.test(n));
    if (!names.length) throw new Error(`no package matching ${spec.package} in ${spec.suites.join(', ')}`);
    // ABI numbers and point releases sort as versions; the newest is last.
    const name = names.sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).at(-1);
    log(`downloading ${name}`);
    apt(tmp, spec.suites, 'apt-get', ['download', '-qq', name]);
    const deb = fs.readdirSync(tmp).find((f) => f.endsWith('.deb'));
    const unpacked = path.join(tmp, 'unpacked');
    run('dpkg-deb', ['-x', path.join(tmp, deb), unpacked]);
    const boot = path.join(unpacked, 'boot');
    const release = fs.readdirSync(boot).find((f) => f.startsWith('vmlinuz-')).slice('vmlinuz-'.length);
    const config = fs.readFileSync(path.join(boot, `config-${release}`), 'utf8');
    if (!/^CONFIG_MPTCP=y$/m.test(config)) throw new Error(`${deb}: CONFIG_MPTCP is not built in`);
    // /lib/modules on Debian 12, /usr/lib/modules from Debian 13 (merged /usr).
    const tree = ['lib', 'usr/lib'].map((d) => path.join(unpacked, d, 'modules', release, 'kernel')).find((d) => fs.existsSync(d));
    if (!tree) throw new Error(`${deb}: no modules for ${release}`);
    const order = moduleOrder(tree, modules);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(path.join(dir, 'modules'), { recursive: true });
    fs.copyFileSync(path.join(boot, `vmlinuz-${release}`), path.join(dir, 'vmlinuz'));
    fs.copyFileSync(path.join(boot, `config-${release}`), path.join(dir, 'config'));
    for (const m of order) fs.writeFileSync(path.join(dir, 'modules', `${m.name}.ko`), m.content);
    fs.writeFileSync(path.join(dir, 'modules', 'load-order'), order.map((m) => `${m.name}\n`).join(''));
    const k = { version, release, deb, modulesKey: want, dir };
    fs.writeFileSync(stamp, `${JSON.stringify(k, null, 2)}\n`);
    return k;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * The wanted modules and the modules they depend on, dependencies first, each
 * uncompressed (busybox insmod takes plain .ko files). The package has no
 * modules.dep (depmod makes it on install): the dependencies come from each
 * module's own `depends=` field, as modinfo shows it.
 */
function moduleOrder(tree, wanted) {
  const files = new Map();
  for (const f of fs.readdirSync(tree, { recursive: true })) {
    const m = /([^/]+)\.ko(\.xz|\.zst)?$/.exec(f);
    if (m) files.set(m[1].replaceAll('-', '_'), path.join(tree, f));
  }
  const order = [];
  const visit = (name) => {
    if (order.some((m) => m.name === name)) return;
    const file = files.get(name);
    if (!file) throw new Error(`module ${name} is not in this kernel package`);
    const content = file.endsWith('.xz')
      ? execFileSync('xz', ['-dc', file], { maxBuffer: 1 << 28 })
      : file.endsWith('.zst')
        ? execFileSync('zstd', ['-dc', file], { maxBuffer: 1 << 28 })
        : fs.readFileSync(file);
    const depends = /\0depends=([^\0]*)\0/.exec(content.toString('latin1'))?.[1] ?? '';
    for (const d of depends.split(',').filter(Boolean)) visit(d);
    order.push({ name, content });
  };
  for (const name of wanted) visit(name);
  return order;
}

/** A program's path on this machine, as the VM will have it. */
function which(program) {
  for (const dir of ['/usr/sbin', '/usr/bin', '/sbin', '/bin']) {
    const p = path.join(dir, program);
    if (fs.existsSync(p)) return p;
  }
  throw new Error(`${program} is not installed (bash scripts/setup.sh kernel, which npm run test:kernel runs first, installs it as root)`);
}

/** The shared libraries a binary loads, by the paths the dynamic linker uses. */
function libraries(file) {
  let out;
  try {
    out = run('ldd', [file], { stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return []; // static, or not an ELF file
  }
  return [...out.matchAll(/(?:=> )?(\/\S+) \(0x/g)].map((m) => m[1]);
}

/** Writes `files` (path in the VM -> content: a host path or { text, mode } or { symlink }) as a newc cpio. */
function writeCpio(files, out) {
  const stage = fs.mkdtempSync(path.join(path.dirname(out), 'stage-'));
  try {
    for (const [dest, what] of files) {
      const p = path.join(stage, dest);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      if (what.symlink) fs.symlinkSync(what.symlink, p);
      else if (what.dir) fs.mkdirSync(p, { recursive: true });
      else if (what.text !== undefined) fs.writeFileSync(p, what.text, { mode: what.mode ?? 0o644 });
      else fs.cpSync(what.from, p, { recursive: true, dereference: true, preserveTimestamps: true, filter: what.filter });
    }
    const list = run('find', ['.', '-mindepth', '1'], { cwd: stage, maxBuffer: 1 << 26 });
    const tmp = `${out}.${process.pid}.tmp`; // another checkout may be writing the same layer
    const fd = fs.openSync(tmp, 'w');
    try {
      execFileSync('busybox', ['cpio', '-o', '-H', 'newc'], { cwd: stage, input: list, stdio: ['pipe', fd, 'ignore'] });
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, out);
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

/** Native addons in the project and node_modules: their libraries go into the system layer. */
function addons() {
  return ['node_modules', 'prebuilds', 'build/Release']
    .filter((d) => fs.existsSync(path.join(root, d)))
    .flatMap((d) => fs.readdirSync(path.join(root, d), { recursive: true }).map((f) => path.join(root, d, f)))
    .filter((f) => f.endsWith('.node'));
}

/** python3's standard library (the directory of os.py) and the extension modules in it. */
function pythonStdlib() {
  const dir = run(which('python3'), ['-c', 'import os, sys; sys.stdout.write(os.path.dirname(os.__file__))']);
  const leftOut = (f) => pythonLeftOut.has(path.basename(f).replace(/^config-3.*/, 'config-3')) || /^_test|^xx/.test(path.basename(f));
  const filter = (f) => !leftOut(f);
  const dynload = path.join(dir, 'lib-dynload');
  const modules = fs.existsSync(dynload) ? fs.readdirSync(dynload).filter((f) => f.endsWith('.so') && filter(f)).map((f) => path.join(dynload, f)) : [];
  return { dir, filter, modules };
}

/** Layer 1: everything but the project. Rebuilt when anything that goes into it changes. */
function systemLayer(k, node) {
  const binaries = [node, ...programs.map(which), ...extraFiles];
  const python = pythonStdlib();
  const libs = [...binaries, ...addons(), ...python.modules].flatMap(libraries);
  // Each at the path it has here. On Debian's merged /usr, ldd names
  // /lib/x86_64-linux-gnu and /lib64 (symlinks into /usr here); in the VM they
  // are plain directories holding copies, which the dynamic linker is fine with.
  const copies = [...new Set([...binaries, ...libs, '/bin/busybox'])];
  const files = [
    ['/init', { text: fs.readFileSync(path.join(root, 'scripts', 'vm-init.sh'), 'utf8'), mode: 0o755 }],
    // /bin/sh is dash, as on Debian; busybox fills in the other commands at boot.
    ['/bin/sh', { symlink: which('dash') }],
    ...['/proc', '/sys', '/dev', '/tmp', '/run', '/root', '/var/log/nginx', '/var/lib/nginx'].map((d) => [d, { dir: true }]),
    ['/etc/passwd', { text: 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' }],
    ['/etc/group', { text: 'root:x:0:\nnogroup:x:65534:\n' }],
    ['/etc/hosts', { text: '127.0.0.1 localhost\n::1 localhost\n' }],
    ['/etc/nsswitch.conf', { text: 'passwd: files\ngroup: files\nhosts: files\n' }],
    // As on Debian: getaddrinfo returns every /etc/hosts line of a name, not only the first.
    ['/etc/host.conf', { text: 'multi on\n' }],
    ...copies.map((f) => [f, { from: f }]),
    [python.dir, { from: python.dir, filter: python.filter, leftOut: [...pythonLeftOut] }],
    ['/lib/modules/mptcp-vm', { from: path.join(k.dir, 'modules') }],
  ];
  const stat = (f) => {
    const s = fs.statSync(f);
    return [s.size, s.mtimeMs];
  };
  const key = sha256(k, files.map(([dest, what]) => [dest, what, what.from ? stat(what.from) : null]));
  const out = path.join(cache, 'initramfs', `system-${k.version}-${key}.cpio`);
  if (fs.existsSync(out)) return used(out);
  log('building the initramfs (system layer)');
  prune(path.join(cache, 'initramfs'));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  writeCpio(files, out);
  return out;
}

/** Layer 2: node_modules (vitest and what it loads). Rebuilt when npm changed the tree. */
function depsLayer() {
  const lock = path.join(root, 'node_modules', '.package-lock.json');
  if (!fs.existsSync(lock)) throw new Error('node_modules is missing: run `npm install` first');
  const key = sha256(fs.readFileSync(lock, 'utf8'));
  const out = path.join(cache, 'initramfs', `node_modules-${key}.cpio`);
  if (fs.existsSync(out)) return used(out);
  log('building the initramfs (node_modules layer)');
  prune(path.join(cache, 'initramfs'));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  writeCpio([['/mptcp/node_modules', { from: path.join(root, 'node_modules') }]], out);
  return out;
}

/** Layer 3, every run: the built package, the tests, and the command to run. */
function projectLayer(dir, node, vitestArgs) {
  const addon = ['prebuilds', 'build/Release'].filter((d) => fs.existsSync(path.join(root, d)));
  if (!fs.existsSync(path.join(root, 'dist', 'index.js'))) throw new Error('dist/ is missing: run `npm run build`');
  const command = [node, 'node_modules/vitest/vitest.mjs', ...vitestArgs];
  const files = [
    // scripts/: the layout test runs scripts/gen-decoders.mjs --check.
    ...['package.json', 'vitest.config.mjs', 'tsconfig.json', 'dist', 'types', 'lib', 'test', 'scripts', ...addon].map((f) => [
      `/mptcp/${f}`,
      { from: path.join(root, f) },
    ]),
    ['/mptcp/.vitest-command', { text: `set -- ${command.map(shellQuote).join(' ')}\n` }],
  ];
  const out = path.join(dir, 'project.cpio');
  writeCpio(files, out);
  return out;
}

const shellQuote = (s) => `'${String(s).replaceAll("'", `'\\''`)}'`;

// Other checkouts share the cache with other layers, so a layer goes only once
// nobody has used it for two days, not when this checkout makes a new one.
const unusedFor = 2 * 24 * 3600 * 1000;

function used(file) {
  const now = new Date();
  fs.utimesSync(file, now, now);
  return file;
}

function prune(dir) {
  if (!fs.existsSync(dir)) return;
  for (const f of fs.readdirSync(dir)) {
    const p = path.join(dir, f);
    if (Date.now() - fs.statSync(p).mtimeMs > unusedFor) fs.rmSync(p, { recursive: true, force: true });
  }
}

/**
 * test/kernel/<version>.txt: test files or folders to run, one a line, and
 * `skip FILE  # reason` or `skip FILE > full test name  # reason` for what
 * cannot make sense on that kernel. Returns the files and vitest's options.
 */
function selection(version) {
  const file = path.join(root, 'test', 'kernel', `${version}.txt`);
  const files = [];
  const options = [];
  const skipTests = [];
  for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const skip = /^skip\s+(\S+)(?:\s+>\s+(.+))?$/.exec(line);
    if (!skip) files.push(line);
    else if (skip[2]) skipTests.push(skip[2].trim());
    else options.push('--exclude', skip[1]);
  }
  if (skipTests.length) {
    // vitest selects tests by name only; a negative lookahead leaves these out.
    const names = skipTests.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    options.push('--testNamePattern', `^(?!.*(?:${names.join('|')})$)`);
  }
  return { files, options };
}

async function main() {
  const [version, ...filters] = process.argv.slice(2);
  if (!version) usage('which kernel?');
  if (!kernels[version]) usage(`no kernel ${version} known`);
  if (process.platform !== 'linux' || process.arch !== 'x64') usage('needs Linux on x86-64');
  for (const tool of ['qemu-system-x86_64', 'busybox', 'dpkg-deb', 'apt-get']) {
    try {
      run('sh', ['-c', `command -v ${tool}`]);
    } catch {
      usage(`${tool} is missing (bash scripts/setup.sh kernel, which npm run test:kernel runs first, installs it as root)`);
    }
  }

  const started = Date.now();
  const node = fs.realpathSync(process.execPath);
  const k = kernel(version);
  const system = systemLayer(k, node);
  const deps = depsLayer();
  // Files given on the command line replace the selection's list; its skips still apply.
  const { files, options } = selection(version);
  // Emulation is several times slower than the host: vitest's own limits
  // (vitest.config.mjs: 60 s a test or hook) are tripled in the VM.
  const limits = ['--testTimeout', '180000', '--hookTimeout', '180000'];
  // Failures as they happen, too: a panic later in the run must not take them with it.
  const reporters = ['--reporter', 'default', '--reporter', './scripts/vm-reporter.mjs'];
  const vitestArgs = ['run', ...(filters.length ? filters : files), ...options, ...limits, ...reporters];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mptcp-vm-'));
  try {
    const project = projectLayer(tmp, node, vitestArgs);
    const initrd = path.join(tmp, 'initrd.cpio');
    const fd = fs.openSync(initrd, 'w');
    try {
      execFileSync('cat', [system, deps, project], { stdio: ['ignore', fd, 'inherit'] });
    } finally {
      fs.closeSync(fd);
    }
    log(`${k.deb}: booting Linux ${k.release} (${accel}), prepared in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const status = await boot(k, initrd);
    log(`${status === 0 ? 'passed' : 'FAILED'} on Linux ${k.release} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    process.exitCode = status;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Boots the VM, shows its console, and resolves with the tests' exit status (1 if it never said). */
function boot(k, initrd) {
  const accelArgs = accel === 'kvm' ? ['-accel', 'kvm', '-cpu', 'host'] : ['-accel', 'tcg,thread=multi', '-cpu', 'max'];
  const args = [
    ...accelArgs,
    '-m', '2048',
    '-smp', '2',
    '-nodefaults', '-no-user-config', '-display', 'none', '-serial', 'stdio',
    '-no-reboot',
    '-kernel', path.join(k.dir, 'vmlinuz'),
    '-initrd', initrd,
    // panic=-1 with -no-reboot: a crash ends qemu instead of hanging.
    '-append', 'console=ttyS0 quiet loglevel=4 panic=-1',
  ];
  return new Promise((resolve) => {
    const vm = spawn('qemu-system-x86_64', args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let tail = '';
    let status;
    let timer = setTimeout(() => {
      log(`no result after ${timeoutSeconds} s (MPTCP_VM_TIMEOUT): the VM hangs or is far too slow; stopping it`);
      vm.kill('SIGKILL');
    }, timeoutSeconds * 1000);
    vm.stdout.on('data', (d) => {
      process.stdout.write(d);
      tail = (tail + d.toString('latin1')).slice(-4096);
      const m = resultLine.exec(tail);
      if (!m || status !== undefined) return;
      status = Number(m[1]);
      // The result is in; the VM powers off by itself, or is stopped shortly.
      clearTimeout(timer);
      timer = setTimeout(() => vm.kill('SIGKILL'), 30_000);
    });
    const interrupt = () => vm.kill('SIGKILL');
    process.once('SIGINT', interrupt);
    process.once('SIGTERM', interrupt);
    vm.on('exit', (code, signal) => {
      clearTimeout(timer);
      process.off('SIGINT', interrupt);
      process.off('SIGTERM', interrupt);
      if (status === undefined) {
        log(`the VM stopped (qemu ${signal ?? `exit ${code}`}) without reporting a result: see its console above`);
        resolve(1);
      } else resolve(status);
    });
  });
}

main().catch((err) => {
  console.error(`test:kernel: ${err.message}`);
  process.exit(1);
});
