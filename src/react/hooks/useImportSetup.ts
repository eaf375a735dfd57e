import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { Connection, DataSourceRef, FieldMappingState, RunSnapshot } from '../../engine/index.ts';
import type { ResourceSnapshot } from '../../client/index.ts';
import {
  IMPORT_SETUP_STEPS,
  INITIAL_SETUP,
  parseSetup,
  stepBlocker,
  stepIndex,
  stepLabel,
  validateSetup,
  type ImportSetupStep,
  type ImportSetupValue,
} from '../import-setup/setupState.ts';
import { dataSourceKey } from '../utils/dataSource.ts';
import type { DisplayError } from '../utils/errors.ts';
import { useClientLoad } from './useClientLoad.ts';
import { useConnections } from './useConnections.ts';
import { useClientSelector } from './useClientSelector.ts';
import { useRun } from './useRuns.ts';
import { usePortalContainer, useTributaryClient } from './useTributaryClient.ts';

export const DEFAULT_IMPORT_SETUP_KEY = 'tributary:import-setup';

export interface UseImportSetupOptions {
  /** The wizard's state (controlled); a controlled wizard is never persisted, its host keeps it. */
  value?: ImportSetupValue;
  /**
   * The state to start from (uncontrolled), unless a persisted one is restored.
   * @default { step: 'connect' }
   */
  defaultValue?: ImportSetupValue;
  /** Called with each new state the user makes: a step, a choice, a run. */
  onValueChange?: (value: ImportSetupValue) => void;
  /**
   * The `sessionStorage` key an uncontrolled wizard keeps its state under, so a user who leaves comes back where
   * they were; `false` keeps nothing. Give each wizard (and each signed-in user) a key of its own.
   * @default 'tributary:import-setup'
   */
  persistKey?: string | false;
}

export interface ImportSetupStepInfo {
  step: ImportSetupStep;
  label: string;
  /** `complete`: before the current step; `upcoming`: after it. */
  state: 'complete' | 'current' | 'upcoming';
  /** Whether `goTo` may go there now: every step before it has what it needs. */
  reachable: boolean;
}

/** `loading` until the client has its connections and a persisted state is restored. */
export type ImportSetupStatus = 'loading' | 'error' | 'ready';

export interface UseImportSetupResult {
  status: ImportSetupStatus;
  /** Why the client could not load. */
  error: DisplayError | undefined;
  reload: () => void;
  /** The state as it stands against live data (see `ImportSetupValue`). */
  value: ImportSetupValue;
  step: ImportSetupStep;
  steps: readonly ImportSetupStepInfo[];
  connection: Connection | undefined;
  dataSource: DataSourceRef | undefined;
  /** The run started from the wizard, live. */
  run: RunSnapshot | undefined;
  /** Whether the data source has a saved mapping (the tenant's own, not the app's default). */
  mappingSaved: boolean;
  /** What the current step still needs before `next` can go on; undefined when it has it (or on the last step). */
  blocker: string | undefined;
  /** Goes to the next step; false (and nothing changes) while `blocker` says why not. */
  next: () => boolean;
  /** Goes to the previous step. */
  back: () => void;
  /** Goes to a step that is reachable; false otherwise. */
  goTo: (step: ImportSetupStep) => boolean;
  /** Chooses a connection; what was chosen for another one is dropped. */
  chooseConnection: (connectionId: string, options?: { advance?: boolean }) => void;
  chooseDataSource: (dataSource: DataSourceRef) => void;
  /** Records that the data source's mapping was saved (from the editor's `onSaved`). */
  mappingWasSaved: (dataSource: DataSourceRef) => void;
  setRunId: (runId: string | null) => void;
  /** Back to the first step with nothing chosen. */
  reset: () => void;
}

const noop = () => {};

/** The stored mapping of the data source while `active`; nothing is loaded otherwise. */
function useSavedMapping(dataSource: DataSourceRef | undefined, active: boolean): ResourceSnapshot<FieldMappingState> | undefined {
  const client = useTributaryClient();
  // The client caches resources per data source, so this is the same object from render to render.
  const resource = dataSource && active ? client.fieldMapping(dataSource) : undefined;
  const subscribe = useCallback((listener: () => void) => (resource ? resource.subscribe(listener) : noop), [resource]);
  const getSnapshot = () => resource?.getSnapshot();
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}

function storageOf(node: HTMLElement | null): Storage | undefined {
  try {
    return node?.ownerDocument.defaultView?.sessionStorage ?? undefined;
  } catch {
    // A sandboxed frame or blocked storage throws on access: the wizard then keeps nothing.
    return undefined;
  }
}

const noSubscription = () => noop;

/**
 * The state kept in `sessionStorage` under `key`: what the user last did, else what was stored, else `initial`.
 * Storage is read through the provider's own node (its owner document's window), so there is none on the server
 * or before the provider has mounted; `restored` says whether it could be read yet.
 */
function usePersistedSetup(key: string | false, defaultValue: ImportSetupValue) {
  const container = usePortalContainer();
  const [initial] = useState(defaultValue);
  // A string, compared by value: reading it again each render costs nothing and changes nothing.
  const stored = useSyncExternalStore(
    noSubscription,
    () => (key === false ? null : read(storageOf(container), key)),
    () => null,
  );
  const restoredValue = useMemo(() => parseSetup(stored), [stored]);
  const [own, setOwn] = useState<ImportSetupValue | undefined>(undefined);
  const write = useCallback(
    (next: ImportSetupValue) => {
      if (key === false) return;
      try {
        storageOf(container)?.setItem(key, JSON.stringify(next));
      } catch {
        // Full or blocked storage: resuming is a convenience, not a requirement.
      }
    },
    [key, container],
  );
  return { value: own ?? restoredValue ?? initial, setValue: setOwn, restored: key === false || container !== null, write };
}

function read(storage: Storage | undefined, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/**
 * The import setup wizard's state and navigation, for a host that brings its own markup: connect → pick → map →
 * start, validated against live data (a connection that no longer exists sends the user back to the first step),
 * controlled or uncontrolled, and by default persisted in `sessionStorage` so a user can leave and resume.
 */
export function useImportSetup(options: UseImportSetupOptions = {}): UseImportSetupResult {
  const { status: clientStatus, error, reload } = useClientLoad();
  const connections = useConnections();
  const controlled = options.value !== undefined;
  const persisted = usePersistedSetup(controlled ? false : (options.persistKey ?? DEFAULT_IMPORT_SETUP_KEY), options.defaultValue ?? INITIAL_SETUP);
  const raw = controlled ? (options.value ?? INITIAL_SETUP) : persisted.value;
  const ready = clientStatus === 'ready' && persisted.restored;

  // A boolean, so runs making progress do not make a new state.
  const runKnown = useClientSelector(
    (state) =>
      raw.runId !== undefined && state.runs.some((run) => run.id === raw.runId && run.dataSource.connectionId === raw.connectionId),
  );
  // Until the connections are known nothing can be checked, so the raw state stands.
  const value = useMemo(
    () => (ready ? validateSetup(raw, connections, runKnown) : raw),
    [ready, raw, connections, runKnown],
  );

  const { onValueChange } = options;
  const { setValue: setPersisted, write } = persisted;
  const setValue = useCallback(
    (next: ImportSetupValue) => {
      if (!controlled) setPersisted(next);
      onValueChange?.(next);
    },
    [controlled, setPersisted, onValueChange],
  );

  // Writes the state as it stands, once it was checked against live data, so a stale one is not kept.
  useEffect(() => {
    if (ready) write(value);
  }, [ready, value, write]);

  const [savedMappings, setSavedMappings] = useState<ReadonlySet<string>>(() => new Set());
  const { step, dataSource } = value;
  const mapping = useSavedMapping(dataSource, stepIndex(step) >= stepIndex('map'));
  const mappingSaved =
    dataSource !== undefined && (savedMappings.has(dataSourceKey(dataSource)) || mapping?.data?.isDefault === false);

  // Each step needs what the steps before it chose.
  const reachableSteps = [true, value.connectionId !== undefined, dataSource !== undefined, dataSource !== undefined && mappingSaved];
  const reachable = (target: ImportSetupStep) => reachableSteps[stepIndex(target)] === true;
  const following = IMPORT_SETUP_STEPS[stepIndex(step) + 1];
  const blocker = !ready || following === undefined || reachable(following) ? undefined : stepBlocker(step);

  const current = stepIndex(step);
  const steps = IMPORT_SETUP_STEPS.map(
    (candidate, index): ImportSetupStepInfo => ({
      step: candidate,
      label: stepLabel(candidate),
      state: index < current ? 'complete' : index === current ? 'current' : 'upcoming',
      reachable: ready && reachable(candidate),
    }),
  );

  const goTo = (target: ImportSetupStep): boolean => {
    if (!ready || !reachable(target)) return false;
    if (target !== step) setValue({ ...value, step: target });
    return true;
  };
  const connection = connections.find((candidate) => candidate.id === value.connectionId);
  const run = useRun(value.runId);
  return {
    status: clientStatus === 'error' ? 'error' : ready ? 'ready' : 'loading',
    error,
    reload,
    value,
    step,
    steps,
    connection,
    dataSource,
    run,
    mappingSaved,
    blocker,
    next: () => (following === undefined ? false : goTo(following)),
    back: () => {
      const previous = IMPORT_SETUP_STEPS[current - 1];
      if (previous) setValue({ ...value, step: previous });
    },
    goTo,
    chooseConnection: (connectionId, { advance = false } = {}) => {
      const nextStep = advance ? 'pick' : step;
      setValue(connectionId === value.connectionId ? { ...value, step: nextStep } : { step: nextStep, connectionId });
    },
    chooseDataSource: (next) => {
      const { runId: _dropped, ...rest } = value;
      setValue({ ...rest, dataSource: next });
    },
    mappingWasSaved: (saved) => setSavedMappings((current) => new Set(current).add(dataSourceKey(saved))),
    setRunId: (next) => {
      const { runId: _dropped, ...rest } = value;
      setValue(next === null ? rest : { ...rest, runId: next });
    },
    reset: () => setValue(INITIAL_SETUP),
  };
}
