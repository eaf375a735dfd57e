import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { Connection, RunSnapshot } from '../../engine/index.ts';
import { AppCatalog } from '../app-catalog/AppCatalog.tsx';
import { CollectionPicker } from '../collection-picker/CollectionPicker.tsx';
import { FieldMappingEditor } from '../field-mapping-editor/FieldMappingEditor.tsx';
import { useConnections } from '../hooks/useConnections.ts';
import { useImportSetup, type UseImportSetupOptions, type UseImportSetupResult } from '../hooks/useImportSetup.ts';
import { ImportRuns } from '../import-runs/ImportRuns.tsx';
import { LoadError } from '../parts/LoadError.tsx';
import { LoadingMessage } from '../parts/LoadingMessage.tsx';
import { formatNumber } from '../utils/format.ts';
import { connectionStatusLabel, isRunActive } from '../utils/labels.ts';
import { part, type PartClassNames } from '../utils/part.ts';
import { visuallyHidden } from '../utils/visuallyHidden.ts';
import {
  ImportSetupContext,
  useImportSetupContext,
  type ImportSetupContextValue,
  type ImportSetupNavigation,
  type ImportSetupPart,
} from './importSetupContext.ts';
import { IMPORT_SETUP_STEPS, stepIndex, type ImportSetupStep } from './setupState.ts';

export type { ImportSetupPart } from './importSetupContext.ts';
export type { ImportSetupStep, ImportSetupValue } from './setupState.ts';

type Classes = PartClassNames<ImportSetupPart> | undefined;

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
  const moved = useRef(false);
  const [refusedStep, setRefusedStep] = useState<ImportSetupStep | null>(null);
  const { step } = setup;

  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    headingRef.current?.focus();
  }, [step]);

  const move = (target: ImportSetupStep, go: () => boolean) => {
    if (target === step) return;
    moved.current = go();
  };
  const navigation: ImportSetupNavigation = {
    next: () => {
      const following = IMPORT_SETUP_STEPS[stepIndex(step) + 1];
      if (!following) return;
      if (setup.next()) {
        moved.current = true;
        setRefusedStep(null);
      } else {
        setRefusedStep(step);
      }
    },
    back: () => {
      if (stepIndex(step) === 0) return;
      moved.current = true;
      setup.back();
    },
    goTo: (target) => move(target, () => setup.goTo(target)),
    connected: (connection: Connection) => {
      moved.current = step !== 'pick';
      setup.chooseConnection(connection.id, { advance: true });
    },
    restart: () => {
      moved.current = step !== 'connect';
      setup.reset();
    },
  };
  const value: ImportSetupContextValue = { setup, navigation, refusedStep, headingRef, classNames };
  return (
    <ImportSetupContext.Provider value={value}>
      <section
        {...part('import-setup', classNames, className)}
        data-state={setup.status}
        data-step={step}
        aria-label={label}
        aria-busy={setup.status === 'loading' || undefined}
      >
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
          {...part('setup-step', classNames)}
          key={info.step}
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

function Panel({ className }: ImportSetupPanelProps) {
  const { setup, headingRef, classNames } = useImportSetupContext('ImportSetup.Panel');
  const titleId = useId();
  if (setup.status === 'loading') {
    return (
      <LoadingMessage part="setup-loading" classNames={classNames} className={className} spinner role="status">
        Loading your connections…
      </LoadingMessage>
    );
  }
  if (setup.status === 'error') {
    return (
      <LoadError
        part="setup-error"
        messagePart="setup-error-message"
        classNames={classNames}
        className={className}
        data-error-code={setup.error?.code}
        onRetry={setup.reload}
      >
        Import setup could not load. {setup.error?.message}
      </LoadError>
    );
  }
  const { step, steps } = setup;
  const index = stepIndex(step);
  return (
    <section {...part('setup-panel', classNames, className)} data-step={step} aria-labelledby={titleId}>
      <p {...part('step-count', classNames)}>
        Step {index + 1} of {steps.length}
      </p>
      {/* Focusable by script only: it is where focus lands when the user moves to this step. */}
      <h2 {...part('step-heading', classNames)} id={titleId} ref={headingRef} tabIndex={-1}>
        {steps[index]?.label}
      </h2>
      <StepContent setup={setup} classNames={classNames} />
    </section>
  );
}

function StepContent({ setup, classNames }: { setup: UseImportSetupResult; classNames: Classes }) {
  const { navigation } = useImportSetupContext('ImportSetup.Panel');
  const { step, connection, dataSource } = setup;
  switch (step) {
    case 'connect':
      return (
        <>
          <p {...part('step-intro', classNames)}>Connect the app your records are in, or go on with a connection you already have.</p>
          <ExistingConnections setup={setup} classNames={classNames} />
          <AppCatalog onConnected={navigation.connected} />
        </>
      );
    case 'pick':
      if (!connection) return null;
      return (
        <>
          <p {...part('step-intro', classNames)}>Choose which {connection.appName} records to import.</p>
          <CollectionPicker connectionId={connection.id} value={dataSource ?? null} onValueChange={setup.chooseDataSource} />
        </>
      );
    case 'map':
      if (!dataSource) return null;
      return (
        <>
          <p {...part('step-intro', classNames)}>
            Check how each record becomes one of yours, then save the mapping. The suggested mapping is a good start.
          </p>
          <FieldMappingEditor dataSource={dataSource} onSaved={() => setup.mappingWasSaved(dataSource)} />
          {setup.mappingSaved && (
            <p {...part('step-note', classNames)} data-state="saved">
              The mapping is saved. Go on to start the import.
            </p>
          )}
        </>
      );
    case 'start':
      if (!dataSource) return null;
      return (
        <>
          <Summary run={setup.run} appName={connection?.appName} classNames={classNames} />
          <ImportRuns dataSource={dataSource} selectedRunId={setup.value.runId ?? null} onSelectedRunIdChange={setup.setRunId} />
        </>
      );
    default:
      return step satisfies never;
  }
}

function ExistingConnections({ setup, classNames }: { setup: UseImportSetupResult; classNames: Classes }) {
  const connections = useConnections();
  const name = useId();
  if (connections.length === 0) return null;
  return (
    <fieldset {...part('setup-connections', classNames)}>
      <legend {...part('setup-connections-legend', classNames)}>Your connections</legend>
      {connections.map((connection) => (
        <label {...part('setup-connection', classNames)} key={connection.id} data-state={connection.status}>
          <input
            {...part('setup-connection-input', classNames)}
            type="radio"
            name={name}
            value={connection.id}
            checked={setup.value.connectionId === connection.id}
            onChange={() => setup.chooseConnection(connection.id)}
          />
          <span {...part('setup-connection-name', classNames)}>{connection.appName}</span>{' '}
          <span {...part('connection-status', classNames)} data-state={connection.status}>
            {connectionStatusLabel(connection.status)}
          </span>
        </label>
      ))}
    </fieldset>
  );
}

function summaryText(run: RunSnapshot | undefined, appName: string): string {
  if (!run) return `Everything is set. Start the import to bring your ${appName} records in.`;
  if (isRunActive(run.status)) return `Importing from ${appName}: ${formatNumber(run.counters.delivered)} records so far.`;
  switch (run.status) {
    case 'succeeded':
      return `Import finished: ${formatNumber(run.counters.delivered)} records from ${appName}. Changes keep arriving from now on.`;
    case 'failed':
      return `The import failed. See the run below for why, and resume it from there.`;
    case 'cancelled':
      return `The import was cancelled. Resume it or start a new one below.`;
    default:
      return '';
  }
}

function Summary({ run, appName = 'app', classNames }: { run: RunSnapshot | undefined; appName: string | undefined; classNames: Classes }) {
  return (
    <p {...part('setup-summary', classNames)} data-state={run?.status ?? 'none'}>
      {summaryText(run, appName)}
    </p>
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
  const last = stepIndex(step) === IMPORT_SETUP_STEPS.length - 1;
  return (
    <div {...part('setup-nav', classNames, className)} data-state={blocker ? 'blocked' : 'ready'}>
      {refused && (
        <p {...part('setup-blocker', classNames)} id={blockerId} role="alert" data-step={step}>
          {blocker}
        </p>
      )}
      {stepIndex(step) > 0 && (
        <button {...part('back-button', classNames)} type="button" onClick={navigation.back}>
          Back
        </button>
      )}
      {last ? (
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
