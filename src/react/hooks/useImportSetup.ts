import type { Connection, DataSourceRef, RunSnapshot } from '../../engine/index.ts';
import type { ImportSetupStep, ImportSetupValue } from '../import-setup/setupState.ts';
import type { DisplayError } from '../utils/errors.ts';

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

export { DEFAULT_IMPORT_SETUP_KEY, useImportSetup } from '../import-setup/ImportSetup.tsx';
