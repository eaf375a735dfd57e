import { createMemoryStore } from '../../src/engine/index.ts';
import { describeStoreContract } from '../store/storeContract.ts';

describeStoreContract('the memory store', () => createMemoryStore());
