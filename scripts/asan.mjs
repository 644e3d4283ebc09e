// `npm run test:asan [-- vitest args]`: the addon built with AddressSanitizer
// and UndefinedBehaviorSanitizer into build-asan/ (build/Release is left
// alone), then one run of the whole test suite with it.
//
// Node itself is not instrumented, so the sanitizer runtimes are preloaded
// (LD_PRELOAD, the libasan/libubsan the addon links, in that order: ASan's
// must come first) into every node process of the run: vitest, its workers,
// the namespace agents and CLI children, all loading build-asan through
// node-gyp-build's MPTCP_PREBUILD. Not into the other programs the tests run
// (scripts/asan-preload.cjs takes LD_PRELOAD out of their environment):
// curl hangs under it, and their own leaks are none of ours.
//
// What is checked:
//   - memory errors in the addon (overflow, use after free, double free…) and
//     any invalid free in the process: ASan halts the process (halt_on_error);
//   - undefined behaviour in the addon: UBSan halts it too;
//   - leaks: LeakSanitizer runs at every process exit. Only allocations that
//     nothing reaches any more are reported; Node keeps what it allocates
//     reachable until exit, so a report is rare, and one whose allocation
//     stack has a frame in the addon is a leak of ours: that fails the run.
//     Leaks allocated elsewhere (V8, vitest's native binding, `ip` running a
//     node) are counted by module, not failed.
// Reports go to files (log_path), since a worker's stderr can be lost; this
// script reads them all after the run. Exit: 0 only if the suite passed and
// no report names the addon or shows a memory error or undefined behaviour.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, 'build-asan');
const addon = path.join(dir, 'build', 'Release', 'mptcp.node');
const FLAGS = '-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g -O1';

function nodeHeaders() {
  for (const d of [process.env.npm_config_nodedir, path.join(path.dirname(process.execPath), '..')]) {
    if (d && fs.existsSync(path.join(d, 'include', 'node', 'node_api.h'))) return path.resolve(d);
  }
  throw new Error('no Node headers here (include/node/node_api.h): set npm_config_nodedir');
}

// 1. TypeScript, and the instrumented addon (make rebuilds what changed).
execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
fs.mkdirSync(dir, { recursive: true });
fs.copyFileSync(path.join(root, 'binding.gyp'), path.join(dir, 'binding.gyp'));
if (!fs.existsSync(path.join(dir, 'src'))) fs.symlinkSync(path.join('..', 'src'), path.join(dir, 'src'));
const gyp = [path.join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'), `--nodedir=${nodeHeaders()}`];
const buildEnv = { ...process.env, CFLAGS: FLAGS, CXXFLAGS: FLAGS, LDFLAGS: '-fsanitize=address,undefined', NODE_PATH: path.join(root, 'node_modules') };
if (!fs.existsSync(path.join(dir, 'build', 'Makefile'))) {
  execFileSync(process.execPath, [...gyp, 'configure'], { cwd: dir, stdio: 'inherit', env: buildEnv });
}
execFileSync(process.execPath, [...gyp, 'build'], { cwd: dir, stdio: 'inherit', env: buildEnv });

// 2. The runtimes the addon links, preloaded in that order.
const ldd = execFileSync('ldd', [addon], { encoding: 'utf8' });
const lib = (name) => {
  const m = ldd.match(new RegExp(`${name}\\.so\\.\\d+ => (\\S+)`));
  if (!m) throw new Error(`${addon} does not link ${name}: not a sanitizer build?\n${ldd}`);
  return m[1];
};
const preload = [lib('libasan'), lib('libubsan')];

const logs = fs.mkdtempSync(path.join(os.tmpdir(), 'mptcp-asan-'));
// V8 keeps pointers to these in its heap pages, which are mmap'd and not
// scanned by LeakSanitizer: reported as leaks, they are not. Allocation
// points deep in V8's GC, never on the path of a call into the addon.
const suppressions = path.join(logs, 'lsan.supp');
fs.writeFileSync(
  suppressions,
  [
    'leak:v8::internal::MemoryChunk::',
    'leak:v8::internal::Page::AllocateFreeListCategories',
    'leak:v8::internal::Heap_CombinedGenerationalAndSharedBarrierSlow',
    'leak:v8::internal::Heap::InsertIntoRememberedSetFromCode',
    'leak:v8::internal::CodeObjectRegistry::',
    'leak:v8::internal::Sweeper::RawSweep',
    'leak:v8::internal::BodyDescriptorBase::IteratePointers',
    '',
  ].join('\n'),
);
const env = {
  ...process.env,
  MPTCP_PREBUILD: dir,
  LD_PRELOAD: preload.join(' '),
  // Keeps LD_PRELOAD to the node processes (see the file).
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${path.join(root, 'scripts', 'asan-preload.cjs')}`.trim(),
  // allow_user_segv_handler: V8 installs its own (WebAssembly bounds traps); ASan must let it.
  ASAN_OPTIONS: [
    'halt_on_error=1',
    'detect_leaks=1',
    'allow_user_segv_handler=1',
    'detect_stack_use_after_return=1',
    'check_initialization_order=1',
    'strict_string_checks=1',
    `log_path=${logs}/asan`,
  ].join(':'),
  // A process's leak report must not change its exit code: this script judges the reports.
  LSAN_OPTIONS: `exitcode=0:suppressions=${suppressions}:print_suppressions=0`,
  UBSAN_OPTIONS: `halt_on_error=1:print_stacktrace=1:log_path=${logs}/ubsan`,
};

// 3. It is the instrumented addon that loads.
const probe = spawnSync(
  process.execPath,
  ['-e', `require(${JSON.stringify(path.join(root, 'dist', 'native', 'binding.js'))}).native(); process.stdout.write(require('fs').readFileSync('/proc/self/maps', 'utf8').split('\\n').some((l) => l.endsWith(${JSON.stringify(addon)})) ? 'yes' : 'no')`],
  { env, encoding: 'utf8' },
);
if (probe.stdout !== 'yes') throw new Error(`the sanitizer build did not load: ${probe.stdout}${probe.stderr}`);
console.log(`test:asan: ${path.relative(root, addon)} (${FLAGS}); LD_PRELOAD=${env.LD_PRELOAD}`);
console.log(`test:asan: ASAN_OPTIONS=${env.ASAN_OPTIONS}`);

// 4. The suite.
const t0 = Date.now();
// vitest ends its workers with SIGTERM, so no exit handler, no leak check:
// with --diagnostic-dir among their node flags they exit normally on SIGTERM
// (vitest's init-forks does so for profiling runs), and LeakSanitizer runs.
const workerArgs = [`--execArgv=--diagnostic-dir=${logs}`];
const vitest = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...workerArgs, ...process.argv.slice(2)], {
  cwd: root,
  env,
  stdio: 'inherit',
});
const minutes = ((Date.now() - t0) / 60_000).toFixed(1);

// 5. The reports. A leak is the addon's when the first frame that allocated
// it, past the sanitizer's own, libstdc++ and Node's N-API functions (a
// napi_ref we never deleted is ours), is in the addon (its sources, or
// node-addon-api's inline code compiled into it). Other leaks are counted by
// the module of that frame.
const reports = fs
  .readdirSync(logs)
  .filter((f) => f !== 'lsan.supp')
  .map((f) => ({ file: f, text: fs.readFileSync(path.join(logs, f), 'utf8') }));
const OURS = /mptcp\.node|\/src\/(addon|args|constants|errors|poller|socket)\.cc|node-addon-api\/napi/;
const NAPI_IN_NODE = new RegExp(` in napi_\\w+ \\(${process.execPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\+`);
function decisiveFrame(leak) {
  const frames = leak.split('\n').filter((l) => /^\s+#\d+ /.test(l));
  return frames.find((l) => !/libsanitizer|asan_|ubsan_|libstdc\+\+| in v8impl::/.test(l) && !NAPI_IN_NODE.test(l)) ?? frames[0] ?? '';
}
const errors = [];
const foreign = new Map(); // module -> leak count
for (const r of reports) {
  const isLeak = /ERROR: LeakSanitizer/.test(r.text) && !/ERROR: AddressSanitizer|runtime error:/.test(r.text);
  if (!isLeak) {
    errors.push(r);
    continue;
  }
  const leaks = r.text.split(/\n(?=(?:Direct|Indirect) leak of )/).slice(1);
  const mine = leaks.filter((l) => OURS.test(decisiveFrame(l)));
  if (mine.length) errors.push({ file: r.file, text: mine.join('\n') });
  for (const l of leaks) {
    if (mine.includes(l)) continue;
    const frame = decisiveFrame(l);
    // A module (path+offset), or for Node's own symbolized frames the source file (../deps/uv/…).
    const where = frame.match(/\((\/[^+)]+)\+0x/)?.[1] ?? frame.match(/ in \S+.* (\S+\.\w+):\d+/)?.[1] ?? 'unknown';
    foreign.set(where, (foreign.get(where) ?? 0) + 1);
  }
}
// A report without its closing SUMMARY line was cut short (the process killed while writing).
const truncated = reports.filter((r) => /LeakSanitizer/.test(r.text) && !/SUMMARY: /.test(r.text)).length;
const foreignText = [...foreign].sort((a, b) => b[1] - a[1]).map(([m, n]) => `${n} in ${m}`).join(', ');
for (const e of errors) console.error(`test:asan: ${e.file}:\n${e.text}`);
console.log(
  `test:asan: suite ${vitest.status === 0 ? 'passed' : `failed (exit ${vitest.status ?? vitest.signal})`} in ${minutes} min; ` +
    `${reports.length} sanitizer report(s)${truncated ? ` (${truncated} cut short)` : ''}: ${errors.length} against the addon or a memory error` +
    (foreign.size ? `; leaks allocated elsewhere, not failed: ${foreignText}` : '') +
    (reports.length ? ` (reports kept in ${logs})` : ''),
);
if (!reports.length) fs.rmSync(logs, { recursive: true, force: true });
process.exit(vitest.status === 0 && errors.length === 0 ? 0 : 1);
