import type { CollectionDefinition } from '../connectors/connector.types.ts';
import { TributaryError } from '../errors.ts';
import type { RetryPolicy } from '../http/retry.ts';
import { firstPage } from '../pagination/pagination.ts';
import { callApp, type CallContext } from './appCall.ts';
import { listRequest, recordsOf } from './importRun.ts';

/** However the app paces or fails, a sample is given up after this long. */
export const SAMPLE_DEADLINE_MS = 30_000;

/**
 * Someone is waiting on a sample (the mapping editor), so it gives up sooner
 * than an import: fewer attempts, shorter waits.
 */
export function sampleRetryPolicy(policy: RetryPolicy): RetryPolicy {
  return {
    maxAttempts: Math.min(policy.maxAttempts, 3),
    baseDelayMs: Math.min(policy.baseDelayMs, 500),
    maxDelayMs: Math.min(policy.maxDelayMs, 2_000),
    maxRetryAfterMs: Math.min(policy.maxRetryAfterMs, 10_000),
  };
}

/**
 * Up to `limit` records of the collection's first page, requested exactly as
 * an import requests it (paced under the app's limit, retried, with the same
 * typed errors). Throws what the request throws, so an auth error stays one;
 * past the deadline, a transient `source.sample-timeout`.
 */
export async function sampleRecords(context: Omit<CallContext, 'signal'>, collection: CollectionDefinition, limit: number): Promise<unknown[]> {
  const { list } = collection;
  const { clock } = context.http;
  const deadline = new AbortController();
  const timer = clock.setTimeout(() => {
    deadline.abort(
      new TributaryError({
        code: 'source.sample-timeout',
        class: 'transient',
        message: `${context.connector.name} did not give a page of ${collection.name} within ${SAMPLE_DEADLINE_MS / 1000} s.`,
      }),
    );
  }, SAMPLE_DEADLINE_MS);
  try {
    const response = await callApp({ ...context, signal: deadline.signal }, listRequest(list, firstPage(list.pagination)), 'Sample page');
    return recordsOf(context.connector, list, response.body, 1).slice(0, limit);
  } finally {
    clock.clearTimeout(timer);
  }
}
