// First step of `npm test`: the browser tests drive a system Chromium, found
// through CHROMIUM_PATH or `chromium` on PATH. Installs it with apt-get when
// we are root on a Debian-like system; otherwise explains how and fails.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(command) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, command))) return join(dir, command);
  }
  return undefined;
}

function findChromium() {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (isExecutable(configured)) return { path: configured, via: 'CHROMIUM_PATH' };
    console.warn(`ensure-chromium: CHROMIUM_PATH=${configured} is not an executable file; looking on PATH`);
  }
  const found = onPath('chromium');
  return found ? { path: found, via: 'PATH' } : undefined;
}

function report(found) {
  console.log(`ensure-chromium: using ${found.path} (from ${found.via})`);
}

function run(command, args) {
  console.log(`ensure-chromium: $ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
}

const howTo = [
  'Chromium is needed for the browser tests (test/browser). Install it, then re-run:',
  '  Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y chromium',
  '  macOS:         brew install --cask chromium',
  '  or point CHROMIUM_PATH at any Chromium/Chrome executable.',
].join('\n');

let found = findChromium();
if (found) {
  report(found);
  process.exit(0);
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const aptGet = onPath('apt-get');
if (!isRoot || !aptGet) {
  console.error(`ensure-chromium: no chromium found (${isRoot ? 'apt-get is not available' : 'not root, so not installing'}).`);
  console.error(howTo);
  process.exit(1);
}

try {
  run(aptGet, ['update']);
  run(aptGet, ['install', '-y', 'chromium']);
} catch (error) {
  console.error(`ensure-chromium: installing chromium failed: ${error.message}`);
  console.error(howTo);
  process.exit(1);
}

found = findChromium();
if (!found) {
  console.error('ensure-chromium: apt-get installed chromium, but no `chromium` is on PATH.');
  console.error(howTo);
  process.exit(1);
}
report(found);
