// A host importing one component pays for that component: each is bundled
// alone from the built `tributary` entry (after `npm run build`), as a host's
// bundler would, and the modules that end up in the bundle are checked.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The modules (paths relative to the repo root) a bundle of `import { name } from 'tributary'` holds. */
async function modulesOf(name: string): Promise<string[]> {
  const result = await build({
    stdin: { contents: `export { ${name}, TributaryProvider } from './dist/react/index.js';`, resolveDir: root, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    external: ['react', 'react/*', 'react-dom', 'react-dom/*'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const [output] = Object.values(result.metafile.outputs);
  return Object.entries(output?.inputs ?? {})
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => path);
}

const FORM = 'node_modules/react-hook-form/';
const ZOD = 'node_modules/zod/';
const DIALOG = 'node_modules/@radix-ui/react-dialog/';
const EDITOR = 'dist/react/field-mapping-editor/';
const RUNS = 'dist/react/import-runs/';
const CONNECT = 'dist/react/connect-dialog/';
const PICKER = 'dist/react/collection-picker/';
const SETUP = 'dist/react/import-setup/';

beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'react', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first');
});

describe('each component is tree-shakable', () => {
  it.each([
    ['ImportRuns', RUNS, [FORM, DIALOG, EDITOR, CONNECT, PICKER, SETUP]],
    ['CollectionPicker', PICKER, [FORM, DIALOG, EDITOR, RUNS, CONNECT, SETUP]],
    ['FieldMappingEditor', EDITOR, [DIALOG, RUNS, CONNECT, PICKER, SETUP]],
    ['ConnectDialog', CONNECT, [EDITOR, RUNS, PICKER, SETUP]],
  ])('%s alone brings its own modules and none of the others', async (name, own, absent) => {
    const modules = await modulesOf(name);
    expect(modules.some((path) => path.includes(own))).toBe(true);
    for (const other of absent) expect(modules.filter((path) => path.includes(other))).toEqual([]);
  });

  it('the whole entry does hold every one of them (so the checks above can fail)', async () => {
    const modules = await modulesOf('ImportSetup');
    for (const part of [FORM, DIALOG, EDITOR, RUNS, CONNECT, PICKER, SETUP]) {
      expect(modules.some((path) => path.includes(part))).toBe(true);
    }
  });

  it('the UI bundles no zod: forms check their values with plain functions, the engine validates with zod', async () => {
    expect((await modulesOf('ImportSetup')).filter((path) => path.includes(ZOD))).toEqual([]);
  });
});
