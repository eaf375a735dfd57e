import { TributaryError, type Transport } from '../../src/client/index.ts';

/** A server that never answers: the loading states. */
export const silentTransport: Transport = { call: () => new Promise(() => {}), subscribe: () => () => {} };

/** A server that answers every command with 503: the load-error states. */
export const unreachableTransport: Transport = {
  call: () => Promise.reject(new TributaryError({ code: 'client.server-unavailable', class: 'transient', message: 'The Tributary server answered HTTP 503.' })),
  subscribe: () => () => {},
};
