import { useEffect, useId, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { RunSnapshot } from '../../engine/index.ts';
import { AppCatalog } from '../app-catalog/AppCatalog.tsx';
import { CollectionPicker } from '../collection-picker/CollectionPicker.tsx';
import { FieldMappingEditor } from '../field-mapping-editor/FieldMappingEditor.tsx';
import { useClientLoad } from '../hooks/useClientLoad.ts';
import { useClientSelector } from '../hooks/useClientSelector.ts';
import { useConnections } from '../hooks/useConnections.ts';
import type { ImportSetupStepInfo, UseImportSetupOptions, UseImportSetupResult } from '../hooks/useImportSetup.ts';
import { NO_RESOURCE, useResource } from '../hooks/useResource.ts';
import { useRun } from '../hooks/useRuns.ts';
import { usePortalContainer, useTributaryClient } from '../hooks/useTributaryClient.ts';
import { ImportRuns } from '../import-runs/ImportRuns.tsx';
import { loadStandIn } from '../parts/LoadError.tsx';
import { dataSourceKey } from '../utils/dataSource.ts';
import { formatNumber } from '../utils/format.ts';
import { connectionStatusLabel, isRunActive } from '../utils/labels.ts';
import { part, regionProps, type PartClassNames } from '../utils/part.ts';
import { visuallyHidden } from '../utils/visuallyHidden.ts';
import { ImportSetupContext, useImportSetupContext, type ImportSetupPart } from './importSetupContext.ts';
import {
  IMPORT_SETUP_STEPS,
  INITIAL_SETUP,
  parseSetup,
  stepIndex,
  stepTexts,
  validateSetup,
  type ImportSetupStep,
  type ImportSetupValue,
} from './setupState.ts';

export type { ImportSetupPart } from './importSetupContext.ts';
export type { ImportSetupStep, ImportSetupValue } from './setupState.ts';

export const DEFAULT_IMPORT_SETUP_KEY = 'tributary:import-setup';

const noSubscription = () => () => {};

/**
 * Runs `act` on the session storage of the window `node` is in. There is none on the server or before the
 * provider has mounted (its node is null), and a sandboxed frame or blocked storage throws: the wizard then
 * keeps nothing (resuming is a convenience, not a requirement).
 */
function withStorage<T>(node: HTMLElement | null, act: (storage: Storage) => T): T | undefined {
  try {
    const storage = node?.ownerDocument.defaultView?.sessionStorage;
    return storage ? act(storage) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The import setup wizard's state and navigation, for a host that brings its own markup: connect → pick → map →
 * start, validated against live data (a connection that no longer exists sends the user back to the first step),
 * controlled or uncontrolled, and by default persisted in `sessionStorage` so a user can leave and resume.
 */
export function useImportSetup(options: UseImportSetupOptions = {}): UseImportSetupResult {
  const client = useTributaryClient();
  const container = usePortalContainer();
  const { status, error, reload } = useClientLoad();
  const connections = useConnections();
  const controlled = options.value !== undefined;
  // A controlled wizard is never persisted: its host keeps it.
  const key = controlled ? false : (options.persistKey ?? DEFAULT_IMPORT_SETUP_KEY);
  const [initial] = useState(options.defaultValue ?? INITIAL_SETUP);
  const [own, setOwn] = useState<ImportSetupValue>();
  // Read through the provider's own node (its owner document's window). A string, compared by value: reading it
  // again each render costs nothing and changes nothing.
  const stored = useSyncExternalStore(
    noSubscription,
    () => (key === false ? null : (withStorage(container, (storage) => storage.getItem(key)) ?? null)),
    () => null,
  );
  const restored = useMemo(() => parseSetup(stored), [stored]);
  // Uncontrolled: what the user last did, else what was stored, else the default.
  const raw = options.value ?? own ?? restored ?? initial;
  const ready = status === 'ready' && (key === false || container !== null);

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
  const setValue = (next: ImportSetupValue) => {
    if (!controlled) setOwn(next);
    options.onValueChange?.(next);
  };

  // Writes the state as it stands, once it was checked against live data, so a stale one is not kept.
  useEffect(() => {
    if (ready && key !== false) withStorage(container, (storage) => storage.setItem(key, JSON.stringify(value)));
  }, [ready, value, key, container]);

  const [savedMappings, setSavedMappings] = useState<ReadonlySet<string>>(() => new Set());
  const { step, dataSource } = value;
  const current = stepIndex(step);
  // The stored mapping, loaded from the mapping step on. The client caches resources per data source, so this
  // is the same object from render to render.
  const mapping = useResource(dataSource && current >= 2 ? client.fieldMapping(dataSource) : NO_RESOURCE);
  const mappingSaved =
    dataSource !== undefined && (savedMappings.has(dataSourceKey(dataSource)) || mapping.data?.isDefault === false);

  // Each step needs what the steps before it chose.
  const reachableSteps = [true, value.connectionId !== undefined, dataSource !== undefined, mappingSaved];
  const reachable = (target: ImportSetupStep) => ready && reachableSteps[stepIndex(target)]!;
  const following = IMPORT_SETUP_STEPS[current + 1];
  const goTo = (target: ImportSetupStep): boolean => {
    if (!reachable(target)) return false;
    if (target !== step) setValue({ ...value, step: target });
    return true;
  };
  const { runId: _dropped, ...withoutRun } = value;
  return {
    status: status === 'error' ? 'error' : ready ? 'ready' : 'loading',
    error,
    reload,
    value,
    step,
    steps: IMPORT_SETUP_STEPS.map(
      (candidate, index): ImportSetupStepInfo => ({
        step: candidate,
        label: stepTexts[candidate][0],
        state: index < current ? 'complete' : index === current ? 'current' : 'upcoming',
        reachable: reachable(candidate),
      }),
    ),
    connection: connections.find((candidate) => candidate.id === value.connectionId),
    dataSource,
    run: useRun(value.runId),
    mappingSaved,
    blocker: ready && following && !reachable(following) ? stepTexts[step][1] : undefined,
    next: () => following !== undefined && goTo(following),
    back: () => {
      const previous = IMPORT_SETUP_STEPS[current - 1];
      if (previous) setValue({ ...value, step: previous });
    },
    goTo,
    chooseConnection: (connectionId, { advance = false } = {}) => {
      const nextStep = advance ? 'pick' : step;
      setValue(connectionId === value.connectionId ? { ...value, step: nextStep } : { step: nextStep, connectionId });
    },
    chooseDataSource: (next) => setValue({ ...withoutRun, dataSource: next }),
    mappingWasSaved: (saved) => setSavedMappings((known) => new Set(known).add(dataSourceKey(saved))),
    setRunId: (next) => setValue(next === null ? withoutRun : { ...withoutRun, runId: next }),
    reset: () => setValue(INITIAL_SETUP),
  };
}

/**
 * Holds the wizard's state (see `useImportSetup`) and renders its region. When the user moves to another step
 * (Next, Back, a step in the list, a new connection), focus goes to that step's heading; a restored or corrected
 * state moves nothing.
 *
 * Data attributes: `[data-part="import-setup"]`: `data-state="loading" | "error" | "ready"`;
 * `data-step="connect" | "pick" | "map" | "start"`.
 */
export interface ImportSetupRootProps extends UseImportSetupOptions {
  children?: ReactNode;
  /** Class for the region. */
  className?: string;
  /** Classes for the parts inside, by `data-part` name (the composed components keep their own). */
  classNames?: PartClassNames<ImportSetupPart>;
  /** @default 'Import setup' */
  'aria-label'?: string;
}

function Root({ children, className, classNames, 'aria-label': label = 'Import setup', ...options }: ImportSetupRootProps) {
  const setup = useImportSetup(options);
  const headingRef = useRef<HTMLHeadingElement>(null);
  // Whether the user asked for the step change that comes next.
  const moved = useRef(false);
  const [refusedStep, setRefusedStep] = useState<ImportSetupStep | null>(null);
  const { step } = setup;

  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    headingRef.current?.focus();
  }, [step]);

  return (
    <ImportSetupContext.Provider
      value={{
        setup,
        navigation: {
          next: () => {
            // Next is not offered on the last step.
            moved.current = setup.next();
            setRefusedStep(moved.current ? null : step);
          },
          back: () => {
            // Back is not offered on the first step.
            moved.current = true;
            setup.back();
          },
          goTo: (target) => {
            if (target !== step) moved.current = setup.goTo(target);
          },
          connected: (connection) => {
            moved.current = step !== 'pick';
            setup.chooseConnection(connection.id, { advance: true });
          },
          restart: () => {
            moved.current = step !== 'connect';
            setup.reset();
          },
        },
        refusedStep,
        headingRef,
        classNames,
      }}
    >
      <section {...part('import-setup', classNames, className)} data-step={step} {...regionProps(setup.status, label)}>
        {children}
      </section>
    </ImportSetupContext.Provider>
  );
}

/**
 * The steps as a labelled ordered list; the current one has `aria-current="step"`, and a step the user can go
 * back (or on) to is a button.
 *
 * Data attributes: `[data-part="setup-step"]`: `data-state="complete" | "current" | "upcoming"`; `data-step`;
 * `data-reachable` when it can be gone to.
 */
export interface ImportSetupStepsProps {
  className?: string;
  /** @default 'Import setup steps' */
  'aria-label'?: string;
}

function Steps({ className, 'aria-label': label = 'Import setup steps' }: ImportSetupStepsProps) {
  const { setup, navigation, classNames } = useImportSetupContext('ImportSetup.Steps');
  return (
    <ol {...part('setup-steps', classNames, className)} aria-label={label}>
      {setup.steps.map((info, index) => (
        <li
          key={info.step}
          {...part('setup-step', classNames)}
          data-step={info.step}
          data-state={info.state}
          data-reachable={info.reachable ? '' : undefined}
          aria-current={info.state === 'current' ? 'step' : undefined}
        >
          <span {...part('step-number', classNames)} aria-hidden="true">
            {index + 1}
          </span>
          {info.state !== 'current' && info.reachable ? (
            <button {...part('step-button', classNames)} type="button" onClick={() => navigation.goTo(info.step)}>
              {info.label}
            </button>
          ) : (
            <span {...part('step-label', classNames)}>{info.label}</span>
          )}
          {info.state === 'complete' && (
            <span {...part('step-done', classNames)} style={visuallyHidden}>
              {' '}
              (done)
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}

/**
 * The current step: its heading (focused when the user moves to it) and the kit's component for it:
 * `AppCatalog` (with the connections the user already has), `CollectionPicker`, `FieldMappingEditor`, `ImportRuns`.
 * While the client loads, or when it failed (with a retry), it says so instead.
 *
 * Data attributes: `[data-part="setup-panel"]`: `data-step`; `[data-part="setup-summary"]`: `data-state`, the
 * run's status, or `none`.
 */
export interface ImportSetupPanelProps {
  className?: string;
}

function summaryText(run: RunSnapshot | undefined, appName: string): string {
  if (!run) return `Everything is set. Start the import to bring your ${appName} records in.`;
  const delivered = formatNumber(run.counters.delivered);
  return isRunActive(run.status)
    ? `Importing from ${appName}: ${delivered} records so far.`
    : run.status === 'succeeded'
      ? `Import finished: ${delivered} records from ${appName}. Changes keep arriving from now on.`
      : run.status === 'failed'
        ? 'The import failed. See the run below for why, and resume it from there.'
        : 'The import was cancelled. Resume it or start a new one below.';
}

function Panel({ className }: ImportSetupPanelProps) {
  const { setup, navigation, headingRef, classNames } = useImportSetupContext('ImportSetup.Panel');
  const titleId = useId();
  const radioName = useId();
  const connections = useConnections();
  const standIn = loadStandIn(setup, classNames, className, 'setup-loading', 'setup-error', 'Loading your connections…', 'Import setup could not load. ', true);
  if (standIn) return standIn;
  const { step, steps, connection, dataSource, run } = setup;
  const index = stepIndex(step);
  const intro = (text: ReactNode) => <p {...part('step-intro', classNames)}>{text}</p>;
  return (
    <section {...part('setup-panel', classNames, className)} data-step={step} aria-labelledby={titleId}>
      <p {...part('step-count', classNames)}>
        Step {index + 1} of {steps.length}
      </p>
      {/* Focusable by script only: it is where focus lands when the user moves to this step. */}
      <h2 {...part('step-heading', classNames)} id={titleId} ref={headingRef} tabIndex={-1}>
        {steps[index]?.label}
      </h2>
      {step === 'connect' ? (
        <>
          {intro('Connect the app your records are in, or go on with a connection you already have.')}
          {connections.length > 0 && (
            <fieldset {...part('setup-connections', classNames)}>
              <legend {...part('setup-connections-legend', classNames)}>Your connections</legend>
              {connections.map((existing) => (
                <label key={existing.id} {...part('setup-connection', classNames)} data-state={existing.status}>
                  <input
                    {...part('setup-connection-input', classNames)}
                    type="radio"
                    name={radioName}
                    value={existing.id}
                    checked={setup.value.connectionId === existing.id}
                    onChange={() => setup.chooseConnection(existing.id)}
                  />
                  <span {...part('setup-connection-name', classNames)}>{existing.appName}</span>{' '}
                  <span {...part('connection-status', classNames)} data-state={existing.status}>
                    {connectionStatusLabel(existing.status)}
                  </span>
                </label>
              ))}
            </fieldset>
          )}
          <AppCatalog onConnected={navigation.connected} />
        </>
      ) : step === 'pick' ? (
        connection && (
          <>
            {intro(`Choose which ${connection.appName} records to import.`)}
            <CollectionPicker connectionId={connection.id} value={dataSource ?? null} onValueChange={setup.chooseDataSource} />
          </>
        )
      ) : !dataSource ? null : step === 'map' ? (
        <>
          {intro('Check how each record becomes one of yours, then save the mapping. The suggested mapping is a good start.')}
          <FieldMappingEditor dataSource={dataSource} onSaved={() => setup.mappingWasSaved(dataSource)} />
          {setup.mappingSaved && (
            <p {...part('step-note', classNames)} data-state="saved">
              The mapping is saved. Go on to start the import.
            </p>
          )}
        </>
      ) : (
        <>
          <p {...part('setup-summary', classNames)} data-state={run?.status ?? 'none'}>
            {summaryText(run, connection?.appName ?? 'app')}
          </p>
          <ImportRuns dataSource={dataSource} selectedRunId={setup.value.runId ?? null} onSelectedRunIdChange={setup.setRunId} />
        </>
      )}
    </section>
  );
}

/**
 * Back and Next (Next says why it cannot go on, as an alert, when the step still needs something), and on the
 * last step a way to set up another import.
 *
 * Data attributes: `[data-part="setup-nav"]`: `data-state="ready" | "blocked"` (`blocked` while the step still needs
 * something); `[data-part="setup-blocker"]`: `data-step`.
 */
export interface ImportSetupNavProps {
  className?: string;
}

function Nav({ className }: ImportSetupNavProps) {
  const { setup, navigation, refusedStep, classNames } = useImportSetupContext('ImportSetup.Nav');
  const blockerId = useId();
  if (setup.status !== 'ready') return null;
  const { step, blocker } = setup;
  const refused = refusedStep === step && blocker !== undefined;
  const index = stepIndex(step);
  return (
    <div {...part('setup-nav', classNames, className)} data-state={blocker ? 'blocked' : 'ready'}>
      {refused && (
        <p {...part('setup-blocker', classNames)} id={blockerId} role="alert" data-step={step}>
          {blocker}
        </p>
      )}
      {index > 0 && (
        <button {...part('back-button', classNames)} type="button" onClick={navigation.back}>
          Back
        </button>
      )}
      {index === IMPORT_SETUP_STEPS.length - 1 ? (
        <button {...part('restart-button', classNames)} type="button" onClick={navigation.restart}>
          Set up another import
        </button>
      ) : (
        <button
          {...part('next-button', classNames)}
          type="button"
          aria-describedby={refused ? blockerId : undefined}
          onClick={navigation.next}
        >
          Next
        </button>
      )}
    </div>
  );
}

/**
 * A wizard that composes the kit's components into one path: connect an app → choose what to import → map the
 * fields → start the import. A user can leave and come back where they were: the state is controlled
 * (`value`/`onValueChange`) or kept in `sessionStorage` (`persistKey`), and checked against live data when restored.
 *
 * Composed of `ImportSetup.Root`, `.Steps`, `.Panel` and `.Nav`; hosts can compose those in their own layout,
 * or use `useImportSetup` with their own markup.
 */
export type ImportSetupProps = Omit<ImportSetupRootProps, 'children'>;

export function ImportSetup(props: ImportSetupProps) {
  return (
    <Root {...props}>
      <Steps />
      <Panel />
      <Nav />
    </Root>
  );
}

ImportSetup.Root = Root;
ImportSetup.Steps = Steps;
ImportSetup.Panel = Panel;
ImportSetup.Nav = Nav;
