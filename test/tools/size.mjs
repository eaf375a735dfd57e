// `npm run size` (after the build): what each entry costs a host's browser
// bundle. Entries resolve through package.json `exports` from the built dist/,
// with React as the host's (external) copy. Prints one line per entry:
//   SIZE <entry> gzip=<bytes> min=<bytes>
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../..', import.meta.url));
const jsEntries = ['tributary', 'tributary/client', 'tributary/engine'];
const cssEntries = ['tributary/styles.css'];

function fail(message) {
  console.error(`size: ${message}`);
  process.exit(1);
}

function gzipBytes(contents) {
  return gzipSync(contents, { level: 9 }).length;
}

/** Resolves like a consumer would: Node's self-reference through our own `exports`. */
function resolveEntry(specifier) {
  let file;
  try {
    file = fileURLToPath(import.meta.resolve(specifier));
  } catch (error) {
    fail(`cannot resolve ${specifier} through package.json exports: ${error.message}`);
  }
  if (!existsSync(file)) fail(`${specifier} resolves to ${file}, which does not exist: run \`npm run build\` first`);
  return file;
}

async function bundleSize(specifier) {
  const file = resolveEntry(specifier);
  const result = await build({
    // Re-export everything, so nothing is tree-shaken away.
    stdin: { contents: `export * from ${JSON.stringify(file)};`, resolveDir: root, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    external: ['react', 'react/*', 'react-dom', 'react-dom/*'],
    write: false,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  return { min: output.contents.length, gzip: gzipBytes(output.contents) };
}

async function cssSize(specifier) {
  const file = resolveEntry(specifier);
  const result = await build({
    stdin: { contents: readFileSync(file, 'utf8'), resolveDir: root, loader: 'css' },
    bundle: true,
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  return { min: output.contents.length, gzip: gzipBytes(output.contents) };
}

try {
  for (const entry of jsEntries) {
    const { gzip, min } = await bundleSize(entry);
    console.log(`SIZE ${entry} gzip=${gzip} min=${min}`);
  }
  for (const entry of cssEntries) {
    const { gzip, min } = await cssSize(entry);
    console.log(`SIZE ${entry} gzip=${gzip} min=${min}`);
  }
} catch (error) {
  const details = error.errors?.map((e) => `${e.location?.file ?? ''}:${e.location?.line ?? ''} ${e.text}`).join('\n  ');
  fail(details ? `esbuild failed:\n  ${details}` : String(error?.stack ?? error));
}
