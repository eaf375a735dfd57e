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

/** Each step's label, and what it needs before Next can go on from it (while the following step is out of reach). */
export const stepTexts: Record<ImportSetupStep, [label: string, blocker?: string]> = {
  connect: ['Connect an app', 'Connect an app, or choose a connection you already have, to go on.'],
  pick: ['Choose what to import', 'Choose what to import to go on.'],
  map: ['Map the fields', 'Save the field mapping to go on.'],
  start: ['Start the import'],
};

export function stepIndex(step: ImportSetupStep): number {
  return IMPORT_SETUP_STEPS.indexOf(step);
}

/** The string properties `keys` of `data`, those it lacks left out; undefined if one is there but not a string. */
function stringProperties<Key extends string>(data: unknown, keys: readonly Key[]): Partial<Record<Key, string>> | undefined {
  const found: Partial<Record<Key, string>> = {};
  for (const key of keys) {
    // Anything but an object (null included) has none of them.
    const value = (data as Partial<Record<Key, unknown>> | null | undefined)?.[key];
    if (typeof value === 'string') found[key] = value;
    else if (value !== undefined) return undefined;
  }
  return found;
}

/** A wizard state read back from storage, or undefined for anything that is not one (another version, tampering). */
export function parseSetup(text: string | null): ImportSetupValue | undefined {
  let data: { dataSource?: unknown } | null;
  try {
    // Nothing stored (null) parses as null.
    data = JSON.parse(text!);
  } catch {
    return undefined;
  }
  const value = stringProperties(data, ['step', 'connectionId', 'runId']) as ImportSetupValue | undefined;
  if (!value || !IMPORT_SETUP_STEPS.includes(value.step)) return undefined;
  const dataSource = data?.dataSource;
  if (dataSource === undefined) return value;
  const source = stringProperties(dataSource, ['connectionId', 'collection', 'dataModel']);
  if (source?.connectionId === undefined || (source.collection ?? source.dataModel) === undefined) return undefined;
  return { ...value, dataSource: source as DataSourceRef };
}

/**
 * The state as it stands against live data: without a connection that still exists, back to the first step;
 * a data source of another connection, or a run the client does not know (`runKnown`), is dropped; no step past
 * what is chosen.
 */
export function validateSetup(value: ImportSetupValue, connections: readonly Connection[], runKnown: boolean): ImportSetupValue {
  const { connectionId, runId } = value;
  if (!connections.some((candidate) => candidate.id === connectionId)) return INITIAL_SETUP;
  const dataSource = value.dataSource?.connectionId === connectionId ? value.dataSource : undefined;
  return {
    // Without a data source, the pick step is as far as it goes.
    step: !dataSource && stepIndex(value.step) > 1 ? 'pick' : value.step,
    connectionId,
    ...(dataSource ? { dataSource } : {}),
    ...(dataSource && runKnown && runId !== undefined ? { runId } : {}),
  };
}
