import { createClient } from '../../src/client/index.ts';
import { createEngine } from '../../src/engine/index.ts';
import { connectors } from '../../mocks/index.ts';
import { describeClientContract } from './clientContract.ts';

describeClientContract('in-process transport', async ({ destination, retry }) => {
  const engine = createEngine({ connectors, destination: destination ?? (async () => undefined), ...(retry ? { retry } : {}) });
  return {
    client: () => createClient({ engine }),
    dispose: () => engine.dispose(),
  };
});
