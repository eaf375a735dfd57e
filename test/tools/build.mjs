// `npm run build`: emits dist/ from src/ with tsc, fixes declaration
// specifiers, copies the stylesheet, and checks every package.json export
// target exists. Exits non-zero with a one-line reason on any failure.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = join(root, 'dist');
const require = createRequire(import.meta.url);
const ts = require('typescript');

function fail(message) {
  console.error(`build: ${message}`);
  // A half-built dist/ would let later steps test stale output.
  rmSync(dist, { recursive: true, force: true });
  process.exit(1);
}

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}

/** Every module specifier string literal in a file: imports, re-exports, `import()` and `import('x').T` types. */
function moduleSpecifiers(file, text) {
  const kind = file.endsWith('.d.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
  const found = [];
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      if (ts.isStringLiteral(node.moduleSpecifier)) found.push(node.moduleSpecifier);
    } else if (ts.isImportTypeNode(node)) {
      const arg = node.argument;
      if (ts.isLiteralTypeNode(arg) && ts.isStringLiteral(arg.literal)) found.push(arg.literal);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteralLike(arg)) found.push(arg);
    } else if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name)) {
      found.push(node.name);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found.map((literal) => ({
    // Positions of the text between the quotes.
    start: literal.getStart(source) + 1,
    end: literal.getEnd() - 1,
    value: literal.text,
  }));
}

const sourceExtension = /^(\.{1,2}\/.*)\.(ts|tsx|mts|cts)$/;
const jsExtensionFor = { ts: '.js', tsx: '.js', mts: '.mjs', cts: '.cjs' };

// 1. Clean.
rmSync(dist, { recursive: true, force: true });

// 2. Compile with the repo's own TypeScript.
const tscBin = join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
const tsc = spawnSync(process.execPath, [tscBin, '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (tsc.error) fail(`could not run tsc: ${tsc.error.message}`);
if (tsc.status !== 0) fail(`tsc -p tsconfig.build.json failed (exit ${tsc.status}); see the errors above`);
if (!existsSync(dist)) fail('tsc emitted nothing: is src/ empty?');

// 3. tsc rewrites `./x.ts` to `./x.js` in JS but not in declarations
//    (microsoft/TypeScript#61037); consumers' tools expect `.js` in both.
let rewritten = 0;
for (const file of walk(dist)) {
  if (!file.endsWith('.d.ts')) continue;
  const text = readFileSync(file, 'utf8');
  let out = text;
  // Right to left so earlier positions stay valid.
  for (const spec of moduleSpecifiers(file, text).reverse()) {
    const match = sourceExtension.exec(spec.value);
    if (!match || spec.value.endsWith('.d.ts')) continue;
    out = out.slice(0, spec.start) + match[1] + jsExtensionFor[match[2]] + out.slice(spec.end);
    rewritten += 1;
  }
  if (out !== text) writeFileSync(file, out);
}

// 4. Nothing in dist may still point at a source file.
const leftovers = [];
for (const file of walk(dist)) {
  if (!/\.(d\.ts|js)$/.test(file)) continue;
  for (const spec of moduleSpecifiers(file, readFileSync(file, 'utf8'))) {
    if (sourceExtension.test(spec.value) && !spec.value.endsWith('.d.ts')) {
      leftovers.push(`${relative(root, file)}: '${spec.value}'`);
    }
  }
}
if (leftovers.length > 0) {
  fail(`relative source-extension specifiers left in dist:\n  ${leftovers.join('\n  ')}`);
}

// 5. The stylesheet ships as is.
const css = join(root, 'src/react/styles.css');
if (!existsSync(css)) fail('src/react/styles.css is missing');
copyFileSync(css, join(dist, 'styles.css'));

// 6. Every export target exists, and the React entry keeps its directive
//    (bundlers use it to mark the client boundary).
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const targets = [];
const collect = (value) => {
  if (typeof value === 'string') targets.push(value);
  else if (value && typeof value === 'object') Object.values(value).forEach(collect);
};
collect(pkg.exports);
const missing = targets.filter((target) => !existsSync(join(root, target)));
if (missing.length > 0) fail(`package.json exports point at missing files: ${missing.join(', ')}`);

const reactEntry = join(dist, 'react/index.js');
if (!/^\s*['"]use client['"];?/.test(readFileSync(reactEntry, 'utf8'))) {
  fail(`dist/react/index.js must begin with 'use client' (check src/react/index.ts)`);
}

const fileCount = [...walk(dist)].length;
console.log(`build: dist/ ready (${fileCount} files, ${rewritten} declaration specifiers rewritten to .js)`);
