// What a consumer of the package gets and triggers: the build dependencies
// a source build needs, the files in the tarball, and no lifecycle script
// reachable from an install or a pack that touches the system.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.join(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** Every script `name` runs, following `npm run X` and npm's pre/post hooks. */
function reachable(name: string, seen = new Set<string>()): Set<string> {
  for (const n of [`pre${name}`, name, `post${name}`]) {
    if (seen.has(n) || pkg.scripts[n] === undefined) continue;
    seen.add(n);
    for (const [, next] of pkg.scripts[n].matchAll(/npm run(?:-script)? ([\w:-]+)/g)) reachable(next!, seen);
  }
  return seen;
}

describe('package', () => {
  it('has what binding.gyp needs as dependencies, for a build where no prebuilt binary fits', () => {
    const gyp = fs.readFileSync(path.join(root, 'binding.gyp'), 'utf8');
    expect(gyp).toContain("require('node-addon-api')");
    expect(pkg.dependencies).toHaveProperty('node-addon-api');
    expect(pkg.dependencies).toHaveProperty('node-gyp-build');
    expect(pkg.devDependencies).not.toHaveProperty('node-addon-api');
  });

  it('changes nothing on the system from install, pack or publish: setup.sh only from the tests', () => {
    // What npm runs for a dependency (install scripts, prepare for git and directory installs) and on pack.
    const consumer = ['preinstall', 'install', 'postinstall', 'prepare', 'prepack', 'postpack', 'prepublishOnly'];
    for (const event of consumer) {
      for (const script of reachable(event)) {
        expect(pkg.scripts[script], `${event} -> ${script}`).not.toMatch(/setup\.sh|apt-get|apt |sudo/);
      }
    }
    // The README's `npm test` still sets up a fresh machine.
    expect([...reachable('test')].map((s) => pkg.scripts[s]).join('\n')).toContain('bash scripts/setup.sh');
  });

  it('has no "prebuild" script: npm would run it before every `npm run build`', () => {
    expect(pkg.scripts).not.toHaveProperty('prebuild');
    expect(pkg.scripts.prebuildify).toBe('node scripts/prebuildify.mjs');
  });

  it('packs the sources a build needs, the loader script and the build, without the setup script', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
    const files = new Set((JSON.parse(out) as [{ files: { path: string }[] }])[0].files.map((f) => f.path));
    for (const f of ['binding.gyp', 'src/socket.cc', 'src/poller.cc', 'src/args.cc', 'scripts/install.cjs', 'dist/index.js', 'dist/index.mjs', 'types/index.d.ts']) {
      expect(files, f).toContain(f);
    }
    expect([...files].filter((f) => /^(scripts\/setup\.sh|test\/|build\/|node_modules\/)/.test(f))).toEqual([]);
  });
});
