import type { Connection, DataSourceRef } from '../../engine/index.ts';

/** The wizard's steps, in order. */
export const IMPORT_SETUP_STEPS = ['connect', 'pick', 'map', 'start'] as const;
export type ImportSetupStep = (typeof IMPORT_SETUP_STEPS)[number];

/** Where a user is in the wizard, and what they chose so far. */
export interface ImportSetupValue {
  step: ImportSetupStep;
  connectionId?: string;
  dataSource?: DataSourceRef;
  /** The import run started from the wizard. */
  runId?: string;
}

export const INITIAL_SETUP: ImportSetupValue = { step: 'connect' };

export function stepLabel(step: ImportSetupStep): string {
  switch (step) {
    case 'connect':
      return 'Connect an app';
    case 'pick':
      return 'Choose what to import';
    case 'map':
      return 'Map the fields';
    case 'start':
      return 'Start the import';
    default:
      return step satisfies never;
  }
}

export function stepIndex(step: ImportSetupStep): number {
  return IMPORT_SETUP_STEPS.indexOf(step);
}

const isStep = (value: unknown): value is ImportSetupStep =>
  typeof value === 'string' && (IMPORT_SETUP_STEPS as readonly string[]).includes(value);
const optionalString = (value: unknown): value is string | undefined => value === undefined || typeof value === 'string';

function parseDataSource(value: unknown): DataSourceRef | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const { connectionId, collection, dataModel } = value as Record<string, unknown>;
  if (typeof connectionId !== 'string' || !optionalString(collection) || !optionalString(dataModel)) return undefined;
  if (collection === undefined && dataModel === undefined) return undefined;
  return {
    connectionId,
    ...(collection !== undefined ? { collection } : {}),
    ...(dataModel !== undefined ? { dataModel } : {}),
  };
}

/** A wizard state read back from storage, or undefined for anything that is not one (another version, tampering). */
export function parseSetup(text: string | null): ImportSetupValue | undefined {
  if (text === null) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (data === null || typeof data !== 'object') return undefined;
  const { step, connectionId, dataSource, runId } = data as Record<string, unknown>;
  if (!isStep(step) || !optionalString(connectionId) || !optionalString(runId)) return undefined;
  const source = dataSource === undefined ? undefined : parseDataSource(dataSource);
  if (dataSource !== undefined && !source) return undefined;
  return {
    step,
    ...(connectionId !== undefined ? { connectionId } : {}),
    ...(source ? { dataSource: source } : {}),
    ...(runId !== undefined ? { runId } : {}),
  };
}

/**
 * The state as it stands against live data: without a connection that still exists, back to the first step;
 * a data source of another connection, or a run the client does not know (`runKnown`), is dropped; no step past
 * what is chosen.
 */
export function validateSetup(value: ImportSetupValue, connections: readonly Connection[], runKnown: boolean): ImportSetupValue {
  const connection = value.connectionId === undefined ? undefined : connections.find((candidate) => candidate.id === value.connectionId);
  if (!connection) return INITIAL_SETUP;
  const dataSource = value.dataSource?.connectionId === connection.id ? value.dataSource : undefined;
  const runId = dataSource && runKnown ? value.runId : undefined;
  const step = !dataSource && stepIndex(value.step) > stepIndex('pick') ? 'pick' : value.step;
  return {
    step,
    connectionId: connection.id,
    ...(dataSource ? { dataSource } : {}),
    ...(runId !== undefined ? { runId } : {}),
  };
}
