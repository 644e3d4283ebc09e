// The published declarations hold for a strict consumer on each @types/node
// the supported Node versions ship with (20, 22, 24): test/types/consumer.ts
// compiles against each, in a project of its own (its own node_modules/@types),
// with `mptcp` resolved to types/ as a consumer's node_modules would.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.join(__dirname, '..', '..');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function consumer(typesNode: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `mptcp-types-${typesNode}-`));
  dirs.push(dir);
  // The package as a dependency: its package.json (exports, types) and declarations.
  const pkg = path.join(dir, 'node_modules', 'mptcp');
  fs.mkdirSync(pkg, { recursive: true });
  fs.copyFileSync(path.join(root, 'package.json'), path.join(pkg, 'package.json'));
  fs.symlinkSync(path.join(root, 'types'), path.join(pkg, 'types'));
  fs.mkdirSync(path.join(dir, 'node_modules', '@types'), { recursive: true });
  fs.symlinkSync(path.join(root, 'node_modules', '@types', typesNode), path.join(dir, 'node_modules', '@types', 'node'));
  fs.copyFileSync(path.join(root, 'test', 'types', 'consumer.ts'), path.join(dir, 'consumer.ts'));
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: 'ES2022',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        esModuleInterop: true,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        skipLibCheck: false,
      },
      files: ['consumer.ts'],
    }),
  );
  return dir;
}

describe('types/ in a strict consumer project', () => {
  // Three compilers at once: each spends most of its time in @types/node.
  it.concurrent.each(['node-20', 'node-22', 'node-24'])('@types/%s', async (typesNode) => {
    const dir = consumer(typesNode);
    let output = '';
    try {
      await promisify(execFile)(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
    } catch (err) {
      output = (err as { stdout?: string }).stdout ?? String(err);
    }
    expect(output).toBe('');
  });
});
