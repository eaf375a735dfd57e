import type { ReceiverState } from '../demo.ts';

/** The demo server's own routes: play the mocked app's user, and read the host's receiver. */
async function call<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await response.json()) as T & { error?: { message: string } };
  if (!response.ok) throw new Error(json.error?.message ?? `The demo server answered ${response.status}.`);
  return json;
}

export const demoApi = {
  receiver: () => call<ReceiverState>('/demo/receiver'),
  relay: () => call<{ users: number; webhooks: string[] }>('/demo/relay'),
  registerWebhook: (connectionId: string, secret: string) => call<{ url: string }>('/demo/relay/webhook', { connectionId, secret }),
  change: (type: 'create' | 'update' | 'delete') => call<{ type: string; id: string }>('/demo/relay/change', { type }),
};
