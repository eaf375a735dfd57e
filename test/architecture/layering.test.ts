// The layering in ARCHITECTURE.md ("Layers and what each may import") is
// enforced by eslint.config.js. These tests run the real config through the
// ESLint Node API: the tree must be clean, and known violations must be caught.
import { fileURLToPath } from 'node:url';
import { ESLint, type Linter } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const LAYERING_RULES = new Set([
  'no-restricted-imports',
  '@typescript-eslint/no-restricted-imports',
  'no-restricted-globals',
  'no-restricted-properties',
]);

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: root, errorOnUnmatchedPattern: false });
});

function layeringMessages(messages: Linter.LintMessage[]): Linter.LintMessage[] {
  return messages.filter((m) => m.ruleId !== null && LAYERING_RULES.has(m.ruleId));
}

/** Lints `code` as if it lived at `filePath`; returns the layering rule ids it broke. */
async function violationsOf(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath, warnIgnored: true });
  expect(result, `no lint result for ${filePath}`).toBeDefined();
  // An ignored probe would pass vacuously.
  expect(result!.messages.filter((m) => m.ruleId === null && /ignored/i.test(m.message))).toEqual([]);
  return layeringMessages(result!.messages).map((m) => m.ruleId!);
}

describe('layering in the source tree', () => {
  it('src/engine, src/client and src/react currently have no layering violations', async () => {
    const results = await eslint.lintFiles(['src/engine', 'src/client', 'src/react']);
    const violations = results.flatMap((result) =>
      layeringMessages(result.messages).map(
        (m) => `${result.filePath.slice(root.length)}:${m.line} ${m.ruleId}: ${m.message}`,
      ),
    );
    expect(violations).toEqual([]);
  });
});

describe('given engine code', () => {
  it('that imports React, lint fails with the restricted-import rule', async () => {
    const code = `import { useState } from 'react';\nexport const probe = useState;\n`;
    expect(await violationsOf(code, 'src/engine/probe.ts')).toContain('no-restricted-imports');
  });

  it('that imports React types only, lint still fails (the engine knows nothing of React)', async () => {
    const code = `import type { ReactNode } from 'react';\nexport type Probe = ReactNode;\n`;
    expect(await violationsOf(code, 'src/engine/probe.ts')).toContain('no-restricted-imports');
  });

  it('that imports the client, lint fails', async () => {
    const code = `import { createClient } from '../client/index.ts';\nexport const probe = createClient;\n`;
    expect(await violationsOf(code, 'src/engine/probe.ts')).toContain('no-restricted-imports');
  });

  it('that imports the React layer from a nested folder, lint fails', async () => {
    const code = `import { AppCatalog } from '../../react/index.ts';\nexport const probe = AppCatalog;\n`;
    expect(await violationsOf(code, 'src/engine/runs/probe.ts')).toContain('no-restricted-imports');
  });

  it('that reads document, lint fails with the restricted-globals rule', async () => {
    const code = `export const probe = (): string => document.title;\n`;
    expect(await violationsOf(code, 'src/engine/probe.ts')).toContain('no-restricted-globals');
  });

  it('that reads window, lint fails with the restricted-globals rule', async () => {
    const code = `export const probe = (): number => window.innerWidth;\n`;
    expect(await violationsOf(code, 'src/engine/probe.ts')).toContain('no-restricted-globals');
  });

  it('that uses fetch, AbortController and zod, lint passes', async () => {
    const code = [
      `import * as z from 'zod/mini';`,
      `import { TributaryError } from './errors.ts';`,
      `export const probe = (url: string) => fetch(url, { signal: new AbortController().signal });`,
      `export const schema = z.object({ id: z.string() });`,
      `export const error = TributaryError;`,
      '',
    ].join('\n');
    expect(await violationsOf(code, 'src/engine/probe.ts')).toEqual([]);
  });
});

describe('given client code', () => {
  it('that imports react-dom, lint fails with the restricted-import rule', async () => {
    const code = `import { createPortal } from 'react-dom';\nexport const probe = createPortal;\n`;
    expect(await violationsOf(code, 'src/client/probe.ts')).toContain('no-restricted-imports');
  });

  it('that imports @radix-ui/react-dialog, lint fails with the restricted-import rule', async () => {
    const code = `import * as Dialog from '@radix-ui/react-dialog';\nexport const probe = Dialog;\n`;
    expect(await violationsOf(code, 'src/client/probe.ts')).toContain('no-restricted-imports');
  });

  it('that reads localStorage, lint fails with the restricted-globals rule', async () => {
    const code = `export const probe = () => localStorage.getItem('token');\n`;
    expect(await violationsOf(code, 'src/client/probe.ts')).toContain('no-restricted-globals');
  });

  it('that imports the engine, lint passes (the in-process transport needs it)', async () => {
    const code = `import { createEngine } from '../engine/index.ts';\nexport const probe = createEngine;\n`;
    expect(await violationsOf(code, 'src/client/probe.ts')).toEqual([]);
  });
});

describe('given React layer code', () => {
  it('that imports an engine internal, lint fails', async () => {
    const code = `import { createMemoryStore } from '../engine/store/memoryStore.ts';\nexport const probe = createMemoryStore;\n`;
    expect(await violationsOf(code, 'src/react/probe.ts')).toContain('@typescript-eslint/no-restricted-imports');
  });

  it('that imports only types from an engine internal, lint still fails', async () => {
    const code = `import type { Store } from '../engine/store/store.types.ts';\nexport type Probe = Store;\n`;
    expect(await violationsOf(code, 'src/react/probe.ts')).toContain('@typescript-eslint/no-restricted-imports');
  });

  it('that imports a value from the engine index, lint fails (values come through the client)', async () => {
    const code = `import { createEngine } from '../engine/index.ts';\nexport const probe = createEngine;\n`;
    expect(await violationsOf(code, 'src/react/probe.ts')).toContain('@typescript-eslint/no-restricted-imports');
  });

  it('that imports types from the engine index, lint passes', async () => {
    const code = `import type { RunSnapshot } from '../../engine/index.ts';\nexport type Probe = RunSnapshot;\n`;
    expect(await violationsOf(code, 'src/react/hooks/probe.ts')).toEqual([]);
  });

  it('that reads the document global in a component, lint fails', async () => {
    const code = `export function Probe() {\n  return <div>{document.title}</div>;\n}\n`;
    expect(await violationsOf(code, 'src/react/Probe.tsx')).toContain('no-restricted-globals');
  });

  it("that reads a node's ownerDocument, lint passes", async () => {
    const code = `export const probe = (node: Element) => node.ownerDocument.defaultView;\n`;
    expect(await violationsOf(code, 'src/react/probe.ts')).toEqual([]);
  });
});

describe('given mock code', () => {
  it('that imports an engine internal, lint fails (a mock is a third party)', async () => {
    const code = `import { builtInConnectors } from '../src/engine/connectors/builtIn.ts';\nexport const probe = builtInConnectors;\n`;
    expect(await violationsOf(code, 'mocks/probe.ts')).toContain('@typescript-eslint/no-restricted-imports');
  });

  it('that imports types from the engine index, lint passes', async () => {
    const code = `import type { ConnectorDefinition } from '../src/engine/index.ts';\nexport type Probe = ConnectorDefinition;\n`;
    expect(await violationsOf(code, 'mocks/probe.ts')).toEqual([]);
  });
});
