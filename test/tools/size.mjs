// `npm run size` (after the build): what each entry costs a host's browser
// bundle. Entries resolve through package.json `exports` from the built dist/,
// with React as the host's (external) copy. Prints one line per entry:
//   SIZE <entry> gzip=<bytes> min=<bytes>
// The first line is what a host ships for the UI: every component and the
// client (`tributary` + `tributary/client`, without the engine). It has a
// budget; over it, the script exits 1. `--modules` adds, for that line, the
// minified bytes each module contributes, largest first. `tributary:<Component>`
// lines show what one component costs a host alone.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** A line's entries are bundled together, as a host's bundle would hold them. */
const jsEntries = [
  { name: 'tributary+client', specifiers: ['tributary', 'tributary/client'], budget: 60 * 1024 },
  { name: 'tributary/client', specifiers: ['tributary/client'] },
  { name: 'tributary/engine', specifiers: ['tributary/engine'] },
];
const showModules = process.argv.includes('--modules');
/** What a host pays for one component alone: it, the provider and the client (`tributary:<Component>` lines). */
const components = ['AppCatalog', 'CollectionPicker', 'Connections', 'FieldMappingEditor', 'ImportRuns', 'ImportSetup'];
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

/** `names` of each entry, or (none given) everything, so nothing is tree-shaken away. */
async function bundleSize(specifiers, names = {}) {
  const files = specifiers.map(resolveEntry);
  const contents = files
    .map((file, index) => `export ${names[specifiers[index]] ? `{ ${names[specifiers[index]].join(', ')} }` : '*'} from ${JSON.stringify(file)};`)
    .join('\n');
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    external: ['react', 'react/*', 'react-dom', 'react-dom/*'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  const [meta] = Object.values(result.metafile.outputs);
  const modules = Object.entries(meta.inputs)
    .map(([path, { bytesInOutput }]) => ({ path, bytes: bytesInOutput }))
    .filter(({ bytes }) => bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
  return { min: output.contents.length, gzip: gzipBytes(output.contents), modules };
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
  const over = [];
  for (const { name, specifiers, budget } of jsEntries) {
    const { gzip, min, modules } = await bundleSize(specifiers);
    console.log(`SIZE ${name} gzip=${gzip} min=${min}${budget ? ` budget=${budget}` : ''}`);
    if (budget && gzip > budget) over.push(`${name} is ${gzip - budget} bytes over its ${budget}-byte gzip budget`);
    if (budget && showModules) for (const { path, bytes } of modules) console.log(`  ${bytes} ${path}`);
  }
  for (const component of components) {
    const { gzip, min } = await bundleSize(['tributary', 'tributary/client'], {
      tributary: [component, 'TributaryProvider'],
      'tributary/client': ['createClient'],
    });
    console.log(`SIZE tributary:${component} gzip=${gzip} min=${min}`);
  }
  for (const entry of cssEntries) {
    const { gzip, min } = await cssSize(entry);
    console.log(`SIZE ${entry} gzip=${gzip} min=${min}`);
  }
  if (over.length > 0) fail(over.join('; '));
} catch (error) {
  const details = error.errors?.map((e) => `${e.location?.file ?? ''}:${e.location?.line ?? ''} ${e.text}`).join('\n  ');
  fail(details ? `esbuild failed:\n  ${details}` : String(error?.stack ?? error));
}
