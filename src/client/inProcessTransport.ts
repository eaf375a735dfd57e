import type { CommandName, Engine } from '../engine/index.ts';
import type { Transport } from './client.types.ts';

/** Drives an engine running in the same process (the embedded default). */
export function createInProcessTransport(engine: Engine): Transport {
  return {
    call(name, input) {
      const command = engine[name as CommandName] as (input: unknown) => Promise<never>;
      return command(input);
    },
    subscribe: (listener) => engine.subscribe(listener),
  };
}
