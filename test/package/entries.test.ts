// The published package as a consumer meets it, after `npm run build`:
// real Node processes import each entry by its package name (self-reference
// through package.json `exports`), and a TypeScript consumer typechecks
// against dist/ under both bundler and NodeNext resolution.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = fileURLToPath(new URL('./fixture/', import.meta.url));
const require = createRequire(import.meta.url);

interface PackageJson {
  exports: Record<string, string | Record<string, string>>;
}
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson;

/** Runs an ES module snippet in a fresh Node process from the repo root; returns stdout. */
function runNode(code: string): string {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  if (child.status !== 0) {
    throw new Error(`node exited with ${child.status}:\n${child.stderr}`);
  }
  return child.stdout;
}

function exportNames(specifier: string): string[] {
  const out = runNode(`const m = await import(${JSON.stringify(specifier)}); console.log(JSON.stringify(Object.keys(m)));`);
  return JSON.parse(out) as string[];
}

beforeAll(() => {
  if (!existsSync(join(root, 'dist'))) {
    throw new Error('dist/ is missing: run `npm run build` before the package tests');
  }
});

describe('given the built package, each entry imported by name in Node', () => {
  it('tributary/engine exports the engine API', () => {
    expect(exportNames('tributary/engine')).toEqual(
      expect.arrayContaining(['createEngine', 'TributaryError', 'createMemoryStore', 'validateConnector', 'compileMapping']),
    );
  });

  it('tributary/client exports the client API', () => {
    expect(exportNames('tributary/client')).toEqual(expect.arrayContaining(['createClient', 'createInProcessTransport']));
  });

  it('tributary exports the components, and loads in Node with no DOM', () => {
    expect(exportNames('tributary')).toEqual(
      expect.arrayContaining(['TributaryProvider', 'AppCatalog', 'CollectionPicker', 'FieldMappingEditor', 'ImportRuns']),
    );
  });

  it('has no default exports (entries use explicit named exports)', () => {
    for (const entry of ['tributary', 'tributary/client', 'tributary/engine']) {
      expect(exportNames(entry), entry).not.toContain('default');
    }
  });

  it('internal modules are not importable (exports seal them)', () => {
    expect(() => runNode(`await import('tributary/dist/engine/errors.js');`)).toThrow(/ERR_PACKAGE_PATH_NOT_EXPORTED/);
  });
});

describe('given the built files', () => {
  it("dist/react/index.js begins with the 'use client' directive", () => {
    const text = readFileSync(join(root, 'dist/react/index.js'), 'utf8');
    // Only comments and whitespace may precede a directive.
    expect(text).toMatch(/^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*(['"])use client\1/);
  });

  it('every export condition lists `types` first, and its declaration file exists', () => {
    const withTypes = Object.entries(pkg.exports).filter(
      (entry): entry is [string, Record<string, string>] => typeof entry[1] === 'object',
    );
    expect(withTypes.map(([name]) => name)).toEqual(expect.arrayContaining(['.', './client', './engine']));
    for (const [name, conditions] of withTypes) {
      expect(Object.keys(conditions)[0], `${name}: types must come first`).toBe('types');
      expect(existsSync(join(root, conditions.types!)), `${name}: ${conditions.types} missing`).toBe(true);
      expect(existsSync(join(root, conditions.default!)), `${name}: ${conditions.default} missing`).toBe(true);
    }
  });

  it('tributary/styles.css resolves and keeps all rules in @layer tributary', () => {
    const url = runNode(`console.log(import.meta.resolve('tributary/styles.css'));`).trim();
    const css = readFileSync(fileURLToPath(url), 'utf8');
    expect(css).toContain('@layer tributary');
  });

  it('declarations import siblings with .js specifiers, never .ts', () => {
    const declarations = readdirSync(join(root, 'dist'), { recursive: true, encoding: 'utf8' }).filter((file) =>
      file.endsWith('.d.ts'),
    );
    expect(declarations).toContain(join('engine', 'index.d.ts'));
    const sourceSpecifier = /(?:from\s+|import\s*\(\s*)(['"])\.{1,2}\/[^'"]*\.[mc]?tsx?\1/;
    const offenders = declarations.filter((file) => sourceSpecifier.test(readFileSync(join(root, 'dist', file), 'utf8')));
    expect(offenders).toEqual([]);
  });
});

describe('given a TypeScript consumer of the built package', () => {
  const tsc = join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');

  it.each(['bundler', 'nodenext'])('it typechecks with moduleResolution %s', (resolution) => {
    const child = spawnSync(process.execPath, [tsc, '-p', join(fixture, `tsconfig.${resolution}.json`)], {
      cwd: fixture,
      encoding: 'utf8',
    });
    expect(child.stdout + child.stderr).toBe('');
    expect(child.status).toBe(0);
  });
});
