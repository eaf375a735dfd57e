import type { Credentials } from '../connectors/connector.types.ts';
import type { Connection, RunSnapshot } from '../engine.types.ts';
import { clonePlain } from '../util/clone.ts';
import type { Checkpoint, DeadLetter, Store, StoredMapping } from './store.types.ts';

/** Copies on the way in and out, so callers can never mutate what is stored. */
const copy = <T>(value: T): T => clonePlain(value);

/** The in-browser default store: everything in memory, gone on reload. */
export function createMemoryStore(): Store {
  const connections = new Map<string, Connection>();
  const credentials = new Map<string, Credentials>();
  const mappings = new Map<string, StoredMapping>();
  const runs = new Map<string, RunSnapshot>();
  const checkpoints = new Map<string, Checkpoint>();
  const deadLetters = new Map<string, DeadLetter>();
  const mappingKey = (connectionId: string, collection: string) => `${connectionId}\u0000${collection}`;

  return {
    async listConnections() {
      return [...connections.values()].map(copy);
    },
    async getConnection(id) {
      const connection = connections.get(id);
      return connection && copy(connection);
    },
    async putConnection(connection) {
      connections.set(connection.id, copy(connection));
    },
    async deleteConnection(id) {
      connections.delete(id);
      credentials.delete(id);
      for (const [key, mapping] of mappings) if (mapping.connectionId === id) mappings.delete(key);
    },
    async getCredentials(connectionId) {
      const stored = credentials.get(connectionId);
      return stored && copy(stored);
    },
    async putCredentials(connectionId, value) {
      credentials.set(connectionId, copy(value));
    },
    async getMapping(connectionId, collection) {
      const stored = mappings.get(mappingKey(connectionId, collection));
      return stored && copy(stored);
    },
    async putMapping(mapping) {
      mappings.set(mappingKey(mapping.connectionId, mapping.collection), copy(mapping));
    },
    async listRuns() {
      return [...runs.values()].map(copy);
    },
    async getRun(id) {
      const run = runs.get(id);
      return run && copy(run);
    },
    async putRun(run) {
      runs.set(run.id, copy(run));
    },
    async getCheckpoint(runId) {
      const checkpoint = checkpoints.get(runId);
      return checkpoint && copy(checkpoint);
    },
    async putCheckpoint(checkpoint) {
      checkpoints.set(checkpoint.runId, copy(checkpoint));
    },
    async deleteCheckpoint(runId) {
      checkpoints.delete(runId);
    },
    async listDeadLetters(filter) {
      return [...deadLetters.values()].filter((letter) => filter?.runId === undefined || letter.runId === filter.runId).map(copy);
    },
    async putDeadLetter(letter) {
      deadLetters.set(letter.id, copy(letter));
    },
    async deleteDeadLetter(id) {
      deadLetters.delete(id);
    },
  };
}
