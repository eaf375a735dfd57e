/**
 * An in-process app for benchmarks: it makes each page on demand (nothing held
 * for the whole collection) and answers through an injected fetch.
 */
import type { ConnectorDefinition } from '../../src/engine/index.ts';

export const BENCH_BASE = 'https://api.bench.test';

export function benchRecord(index: number) {
  return {
    id: `u${index}`,
    first_name: `First${index % 97}`,
    last_name: `Last${index % 89}`,
    email: `user${index}@example.test`,
    job_title: 'Engineer',
    created_at: '2024-03-01T10:00:00.000Z',
    updated_at: `2024-03-02T10:00:${String(index % 60).padStart(2, '0')}.000Z`,
  };
}

export interface FakeAppOptions {
  count: number;
  /** Milliseconds each page takes to answer (real time). */
  latencyMs?: number;
}

export function fakeAppFetch({ count, latencyMs = 0 }: FakeAppOptions): typeof fetch {
  return async (input) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.pathname === '/me') return Response.json({ ok: true });
    const offset = Number(url.searchParams.get('cursor') ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 100);
    const end = Math.min(count, offset + limit);
    const data = [];
    for (let i = offset; i < end; i += 1) data.push(benchRecord(i));
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    return new Response(JSON.stringify({ data, next_cursor: end < count ? String(end) : null }), { headers: { 'Content-Type': 'application/json' } });
  };
}

export function benchConnector(pageSize: number): ConnectorDefinition {
  return {
    id: 'bench-app',
    name: 'Bench App',
    baseUrl: BENCH_BASE,
    auth: { type: 'api-key', in: 'header', name: 'Authorization', prefix: 'Bearer ' },
    test: { path: '/me' },
    collections: {
      users: {
        name: 'Users',
        dataModel: 'users',
        fields: [
          { path: 'id', type: 'string' },
          { path: 'first_name', type: 'string' },
          { path: 'last_name', type: 'string' },
          { path: 'email', type: 'string' },
          { path: 'job_title', type: 'string' },
          { path: 'created_at', type: 'date' },
        ],
        list: {
          path: '/users',
          recordsPath: 'data',
          idPath: 'id',
          updatedAtPath: 'updated_at',
          pagination: { type: 'cursor', cursorPath: 'next_cursor', param: { in: 'query', name: 'cursor' }, limit: { param: 'limit', value: pageSize } },
        },
        // Five fields, one of them a template.
        defaultMapping: {
          fields: {
            id: { path: 'id' },
            name: { template: '{{first_name}} {{last_name}}' },
            email: { path: 'email' },
            title: { path: 'job_title' },
            createdAt: { path: 'created_at' },
          },
        },
      },
    },
  };
}
