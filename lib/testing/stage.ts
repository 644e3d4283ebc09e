// Files a process running as another user must read: this package's
// runtime (package.json, dist/, the addon, node-gyp-build), the modules an
// agent loads, and node itself. A checkout is often private — a clone under
// /root (mode 0700) or in a `mktemp -d` directory — and then a process that
// dropped to uid 65534 cannot even open dist/testing/agent.js. Only then is
// a read-only copy made, in a 0755 temporary directory that `dispose()`
// (or, failing that, the end of this process) removes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** This package's root directory (this file is dist/testing/stage.js). */
export const packageRoot = path.join(__dirname, '..', '..');

/** A file or URL of a module, as an agent is given it. */
export type ModuleLocation = string | URL;

export interface PublicInstall {
  /** A package root another user can read: package.json, dist/, the addon, node_modules/node-gyp-build. */
  readonly root: string;
  /** A node binary another user can run. */
  readonly node: string;
  /** The modules asked for, as file URLs another user can read. */
  readonly modules: readonly string[];
  /** Removes the copy, if one was made. Idempotent. */
  dispose(): void;
}

/** A module location as a file path (relative paths from the working directory). */
export function modulePath(module: ModuleLocation): string {
  if (module instanceof URL) return fileURLToPath(module);
  return module.startsWith('file:') ? fileURLToPath(module) : path.resolve(module);
}

/**
 * Whether a user who is neither the owner nor in the group can read `file`
 * (and run it, with `exec`): the "other" bits of the file and of every
 * directory above it, along the path given and the real one. ACLs are not
 * read, so this can say no where access would work; then a copy is made.
 */
export function readableByOthers(file: string, exec = false): boolean {
  const need = fs.constants.S_IROTH | (exec ? fs.constants.S_IXOTH : 0);
  try {
    const real = fs.realpathSync(file);
    if ((fs.statSync(real).mode & need) !== need) return false;
    for (const start of new Set([path.dirname(path.resolve(file)), path.dirname(real)])) {
      for (let dir = start; ; dir = path.dirname(dir)) {
        if ((fs.statSync(dir).mode & fs.constants.S_IXOTH) === 0) return false;
        if (dir === path.dirname(dir)) break;
      }
    }
    return true;
  } catch {
    return false;
  }
}

interface Runtime {
  /** Files and directories to copy, relative to the package root. */
  inRoot: string[];
  /** node-gyp-build's directory (it may be hoisted out of the package). */
  nodeGypBuild: string;
}

function runtime(): Runtime {
  const inRoot = ['package.json', 'dist'];
  const nodeGypBuild = path.dirname(require.resolve('node-gyp-build/package.json'));
  try {
    // build/Release/mptcp.node or prebuilds/<platform>/mptcp.node: the one node-gyp-build would load
    const addon = (require('node-gyp-build') as { path(dir: string): string }).path(packageRoot);
    inRoot.push(path.relative(packageRoot, addon));
  } catch {
    // no addon here: the agent falls back to plain TCP, as it would in place
  }
  return { inRoot, nodeGypBuild };
}

/** Copies a file or a tree, files 0644 whatever the source's modes (directories: see openDirectories). */
function copy(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  if (fs.statSync(from).isDirectory()) {
    fs.mkdirSync(to, { recursive: true });
    for (const name of fs.readdirSync(from)) copy(path.join(from, name), path.join(to, name));
  } else {
    fs.copyFileSync(from, to);
    fs.chmodSync(to, 0o644);
  }
}

/** chmod 0755 on every directory of the tree: mkdir's modes depend on the umask. */
function openDirectories(dir: string): void {
  fs.chmodSync(dir, 0o755);
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) if (d.isDirectory()) openDirectories(path.join(dir, d.name));
}

const moduleFile = /\.(?:[cm]?js|json)$/;
const leftovers = new Set<string>();
let exitHook = false;

function makeStage(): string {
  const tmp = os.tmpdir();
  if (!readableByOthers(tmp, true)) {
    throw new Error(`${tmp} (the temporary directory) is not open to other users; set TMPDIR to one that is, e.g. /tmp`);
  }
  const dir = fs.mkdtempSync(path.join(tmp, 'mptcp-public-'));
  leftovers.add(dir);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => {
      for (const d of leftovers) fs.rmSync(d, { recursive: true, force: true });
    });
  }
  return dir;
}

/** This package, node and the modules where they are. */
export function inPlace(modules: readonly ModuleLocation[]): PublicInstall {
  return { root: packageRoot, node: process.execPath, modules: modules.map((m) => pathToFileURL(modulePath(m)).href), dispose: () => {} };
}

/**
 * What a process running as another user needs, where that user can read
 * it: in place when the checkout and node are open to everyone, else a
 * read-only copy. A module inside this package keeps its place relative
 * to the package (so `../../dist/…` imports still resolve) and a module
 * elsewhere goes to a directory of its own; either way, the .js, .mjs,
 * .cjs and .json files beside it come along (not subdirectories).
 */
export function publicInstall(modules: readonly ModuleLocation[] = []): PublicInstall {
  const files = modules.map(modulePath);
  const rt = runtime();
  // One file stands for each directory: dist/ was written at once, node-gyp-build installed at once.
  const probe = (f: string) => path.join(packageRoot, f === 'dist' ? path.join('dist', 'testing', 'agent.js') : f);
  const packageOpen = rt.inRoot.every((f) => readableByOthers(probe(f))) && readableByOthers(path.join(rt.nodeGypBuild, 'package.json'));
  const modulesOpen = files.every((f) => readableByOthers(f));
  const nodeOpen = readableByOthers(process.execPath, true);
  if (packageOpen && modulesOpen && nodeOpen) return inPlace(files);

  const stage = makeStage();
  let root = packageRoot;
  if (!packageOpen) {
    root = stage;
    for (const f of rt.inRoot) copy(path.join(packageRoot, f), path.join(stage, f));
    copy(rt.nodeGypBuild, path.join(stage, 'node_modules', 'node-gyp-build'));
  }
  let placed = files;
  if (!packageOpen || !modulesOpen) {
    placed = files.map((file, i) => {
      const rel = path.relative(packageRoot, file);
      const inPackage = !packageOpen && !rel.startsWith('..') && !path.isAbsolute(rel);
      const to = inPackage ? path.join(stage, rel) : path.join(stage, 'modules', String(i), path.basename(file));
      const from = path.dirname(file);
      for (const name of fs.readdirSync(from)) {
        const source = path.join(from, name);
        if (moduleFile.test(name) && fs.statSync(source).isFile()) copy(source, path.join(path.dirname(to), name));
      }
      return to;
    });
  }
  let node = process.execPath;
  if (!nodeOpen) {
    node = path.join(stage, 'node');
    // Usually only a directory above node is closed: then a hard link will do, not a 100 MB copy.
    const runnable = (fs.statSync(process.execPath).mode & 0o005) === 0o005;
    if (!runnable || !link(fs.realpathSync(process.execPath), node)) {
      fs.copyFileSync(process.execPath, node);
      fs.chmodSync(node, 0o755);
    }
  }
  openDirectories(stage);
  return {
    root,
    node,
    modules: placed.map((f) => pathToFileURL(f).href),
    dispose() {
      fs.rmSync(stage, { recursive: true, force: true });
      leftovers.delete(stage);
    },
  };
}

/** A hard link, or false when there cannot be one (another file system). */
function link(from: string, to: string): boolean {
  try {
    fs.linkSync(from, to);
    return true;
  } catch {
    return false;
  }
}
