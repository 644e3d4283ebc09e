// Structure that review alone would not keep: lib/testing (the harness,
// `mptcp/testing`) sits on top of the package and nothing below imports it;
// and nothing in lib/ runs code from text (eval, new Function, vm).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const lib = path.join(__dirname, '..', '..', 'lib');

function sources(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? sources(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : []));
}

/** The module specifiers a file imports (static, dynamic, require, type-only). */
function imports(file: string): string[] {
  const code = fs.readFileSync(file, 'utf8');
  return [...code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

/**
 * Each layer may import from the layers before it (and itself), never after:
 * native and kernel codecs at the bottom, sockets above them, path management
 * above sockets, the entries and tools on top. errors.ts is a leaf everyone uses.
 */
const ORDER: string[][] = [
  ['errors.ts'],
  ['native'],
  ['kernel'],
  ['netlink'],
  ['net'],
  ['pm'],
  ['http', 'register'],
  ['index.ts'],
  ['cli', 'demo', 'testing', 'plot.ts'],
];
const rank = (rel: string): number => ORDER.findIndex((names) => names.includes(rel.split(path.sep)[0]!));

describe('layers', () => {
  it('every import goes down the layers, none up', () => {
    const files = sources(lib);
    const offending = files.flatMap((file) => {
      const from = rank(path.relative(lib, file));
      return imports(file)
        .filter((spec) => spec.startsWith('.'))
        .map((spec) => ({ spec, to: rank(path.relative(lib, path.resolve(path.dirname(file), spec))) }))
        .filter(({ to }) => to > from)
        .map(({ spec }) => `${path.relative(lib, file)} imports ${spec}`);
    });
    expect(files.map((f) => rank(path.relative(lib, f))).filter((r) => r < 0)).toEqual([]);
    expect(offending).toEqual([]);
  });

  it('nothing in the package below lib/testing imports it', () => {
    const below = ['net', 'pm', 'netlink', 'kernel', 'native'].flatMap((d) => sources(path.join(lib, d)));
    below.push(path.join(lib, 'index.ts'), path.join(lib, 'errors.ts'));
    expect(below.length).toBeGreaterThan(20);
    const offending = below.flatMap((file) =>
      imports(file)
        .filter((spec) => spec.startsWith('.') && path.resolve(path.dirname(file), spec).startsWith(path.join(lib, 'testing')))
        .map((spec) => `${path.relative(lib, file)} imports ${spec}`),
    );
    expect(offending).toEqual([]);
  });

  it('no eval, new Function or vm anywhere in lib/', () => {
    const offending = sources(lib).flatMap((file) => {
      const code = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      const found = [/\beval\s*\(/, /\bnew\s+Function\b/, /\bFunction\s*\(/].filter((re) => re.test(code)).map(String);
      if (imports(file).some((spec) => spec === 'vm' || spec === 'node:vm')) found.push('vm');
      return found.map((what) => `${path.relative(lib, file)}: ${what}`);
    });
    expect(offending).toEqual([]);
  });
});
