import type { Credentials } from '../connectors/connector.types.ts';
import type { Connection, RunSnapshot } from '../engine.types.ts';
import { clonePlain } from '../util/clone.ts';
import type { FlowState, QueuedEvent, RecordVersion } from '../flows/flow.types.ts';
import type { Checkpoint, DeadLetter, OAuthSession, Store, StoredMapping } from './store.types.ts';

/** Copies on the way in and out, so callers can never mutate what is stored. */
const copy = <T>(value: T): T => clonePlain(value);

/**
 * A checkpoint's copy, written out: one is put on every page of a run, and its
 * shape is known (flat paging state and counters), so it needs no general clone.
 */
function copyCheckpoint({ runId, next, counters, skipped, updatedAt }: Checkpoint): Checkpoint {
  return {
    runId,
    ...(next ? { next: { ...next } } : {}),
    counters: { ...counters },
    skipped: skipped.length === 0 ? [] : copy(skipped),
    updatedAt,
  };
}

/** The in-browser default store: everything in memory, gone on reload. */
export function createMemoryStore(): Store {
  const connections = new Map<string, Connection>();
  const credentials = new Map<string, Credentials>();
  const mappings = new Map<string, StoredMapping>();
  const runs = new Map<string, RunSnapshot>();
  const checkpoints = new Map<string, Checkpoint>();
  const deadLetters = new Map<string, DeadLetter>();
  const mappingKey = (connectionId: string, collection: string) => `${connectionId}\u0000${collection}`;
  // Per data source, in arrival order (a Map keeps insertion order).
  const queues = new Map<string, Map<string, QueuedEvent>>();
  const queueOf = new Map<string, string>();
  const versions = new Map<string, Map<string, RecordVersion>>();
  const flowStates = new Map<string, FlowState>();
  const seen = new Map<string, Map<string, number>>();
  const webhookSecrets = new Map<string, string>();
  const oauthSessions = new Map<string, OAuthSession>();
  const ofConnection = (key: string, connectionId: string) => key.startsWith(`${connectionId}\u0000`);

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
      for (const key of [...queues.keys()]) if (ofConnection(key, id)) queues.delete(key);
      for (const [eventId, key] of queueOf) if (ofConnection(key, id)) queueOf.delete(eventId);
      for (const key of [...versions.keys()]) if (ofConnection(key, id)) versions.delete(key);
      for (const key of [...flowStates.keys()]) if (ofConnection(key, id)) flowStates.delete(key);
      seen.delete(id);
      webhookSecrets.delete(id);
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
    async pruneFlowRuns(connectionId, collection, statuses, keep) {
      const matching = [...runs.values()].filter(
        (run) => run.kind === 'flow' && run.dataSource.connectionId === connectionId && run.dataSource.collection === collection && statuses.includes(run.status),
      );
      const gone = matching.slice(0, Math.max(0, matching.length - keep));
      for (const run of gone) runs.delete(run.id);
      return gone.map((run) => run.id);
    },
    async getCheckpoint(runId) {
      const checkpoint = checkpoints.get(runId);
      return checkpoint && copy(checkpoint);
    },
    async putCheckpoint(checkpoint) {
      checkpoints.set(checkpoint.runId, copyCheckpoint(checkpoint));
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
    async enqueueEvents(events) {
      // Copied first, so a copy that throws leaves the queue as it was.
      const copies = events.map(copy);
      for (const event of copies) {
        const key = mappingKey(event.connectionId, event.collection);
        let queue = queues.get(key);
        if (!queue) queues.set(key, (queue = new Map()));
        queue.set(event.id, event);
        queueOf.set(event.id, key);
      }
    },
    async listQueuedEvents(connectionId, collection, limit) {
      const queue = queues.get(mappingKey(connectionId, collection));
      const taken: QueuedEvent[] = [];
      if (!queue) return taken;
      for (const event of queue.values()) {
        if (taken.length >= limit) break;
        taken.push(copy(event));
      }
      return taken;
    },
    async ackEvents(ids) {
      for (const id of ids) {
        const key = queueOf.get(id);
        if (key === undefined) continue;
        queueOf.delete(id);
        queues.get(key)?.delete(id);
      }
    },
    async countQueuedEvents(connectionId, collection) {
      return queues.get(mappingKey(connectionId, collection))?.size ?? 0;
    },
    async getRecordVersions(connectionId, collection, recordIds) {
      const known = versions.get(mappingKey(connectionId, collection));
      const found: RecordVersion[] = [];
      if (!known) return found;
      for (const id of recordIds) {
        const version = known.get(id);
        if (version) found.push(copy(version));
      }
      return found;
    },
    async listRecordVersions(connectionId, collection) {
      return [...(versions.get(mappingKey(connectionId, collection))?.values() ?? [])].map(copy);
    },
    async putRecordVersions(list) {
      for (const version of list) {
        const key = mappingKey(version.connectionId, version.collection);
        let known = versions.get(key);
        if (!known) versions.set(key, (known = new Map()));
        known.set(version.recordId, copy(version));
      }
    },
    async listFlowStates() {
      return [...flowStates.values()].map(copy);
    },
    async getFlowState(connectionId, collection) {
      const state = flowStates.get(mappingKey(connectionId, collection));
      return state && copy(state);
    },
    async putFlowState(state) {
      flowStates.set(mappingKey(state.connectionId, state.collection), copy(state));
    },
    async getSeenEventIds(connectionId, eventIds) {
      const ids = seen.get(connectionId);
      return ids ? eventIds.filter((id) => ids.has(id)) : [];
    },
    async putSeenEventIds(connectionId, eventIds, at, forgetBefore) {
      // Each map is in the order ids were first seen, so the expired ones lead it.
      for (const ids of seen.values()) {
        for (const [id, seenAt] of ids) {
          if (seenAt >= forgetBefore) break;
          ids.delete(id);
        }
      }
      let ids = seen.get(connectionId);
      if (!ids) seen.set(connectionId, (ids = new Map()));
      for (const id of eventIds) ids.set(id, at);
    },
    async getWebhookSecret(connectionId) {
      return webhookSecrets.get(connectionId);
    },
    async putWebhookSecret(connectionId, secret) {
      webhookSecrets.set(connectionId, secret);
    },
    async putOAuthSession(session, forgetExpiredBefore) {
      for (const [state, held] of oauthSessions) if (held.expiresAt < forgetExpiredBefore) oauthSessions.delete(state);
      oauthSessions.set(session.state, copy(session));
    },
    async takeOAuthSession(state) {
      const session = oauthSessions.get(state);
      oauthSessions.delete(state);
      return session;
    },
  };
}
