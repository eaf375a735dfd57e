import { createEngine, type DeliveryBatch, type Engine, type EngineOptions, type RunSnapshot } from '../../src/engine/index.ts';
import { connectors, relayCrm } from '../../mocks/index.ts';

/** An in-process host receiver that records every batch it acknowledges. */
export function createReceiver() {
  const batches: DeliveryBatch[] = [];
  return {
    batches,
    destination: async (batch: DeliveryBatch) => {
      batches.push(structuredClone(batch));
    },
    get records() {
      return batches.flatMap((batch) => batch.records);
    },
  };
}

export function setup(options: Partial<EngineOptions> = {}) {
  const receiver = createReceiver();
  const engine = createEngine({ connectors, destination: receiver.destination, ...options });
  return { engine, receiver };
}

export async function connectRelay(engine: Engine) {
  return engine.connect({ appId: relayCrm.appId, credentials: { type: 'api-key', apiKey: relayCrm.apiKey } });
}

const FINAL = new Set(['succeeded', 'failed', 'cancelled']);

/** Resolves with the run once it reaches a final status. */
export function settled(engine: Engine, runId: string): Promise<RunSnapshot> {
  return new Promise((resolve, reject) => {
    const unsubscribe = engine.subscribe((event) => {
      if (event.type === 'run.changed' && event.run.id === runId && FINAL.has(event.run.status)) {
        unsubscribe();
        resolve(event.run);
      }
    });
    engine.getRun({ runId }).then((run) => {
      if (FINAL.has(run.status)) {
        unsubscribe();
        resolve(run);
      }
    }, reject);
  });
}
