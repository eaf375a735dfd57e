import type { RefObject } from 'react';
import type { Connection } from '../../engine/index.ts';
import type { UseImportSetupResult } from '../hooks/useImportSetup.ts';
import { createPartsContext } from '../utils/createPartsContext.ts';
import type { PartClassNames } from '../utils/part.ts';
import type { ImportSetupStep } from './setupState.ts';

/** Every `data-part` the import setup parts render (the composed components name their own). */
export type ImportSetupPart =
  | 'import-setup'
  | 'setup-steps'
  | 'setup-step'
  | 'step-number'
  | 'step-button'
  | 'step-label'
  | 'step-done'
  | 'setup-loading'
  | 'setup-error'
  | 'setup-error-message'
  | 'retry-button'
  | 'spinner'
  | 'setup-panel'
  | 'step-count'
  | 'step-heading'
  | 'step-intro'
  | 'setup-connections'
  | 'setup-connections-legend'
  | 'setup-connection'
  | 'setup-connection-input'
  | 'setup-connection-name'
  | 'connection-status'
  | 'step-note'
  | 'setup-summary'
  | 'setup-nav'
  | 'setup-blocker'
  | 'back-button'
  | 'next-button'
  | 'restart-button';

/** Navigation that moves focus to the new step's heading, as a user's own move should. */
export interface ImportSetupNavigation {
  next: () => void;
  back: () => void;
  goTo: (step: ImportSetupStep) => void;
  /** A connection was made in the catalog: choose it and go on. */
  connected: (connection: Connection) => void;
  restart: () => void;
}

export interface ImportSetupContextValue {
  setup: UseImportSetupResult;
  navigation: ImportSetupNavigation;
  /** The step on which Next was refused, so its reason shows until the step has what it needs. */
  refusedStep: ImportSetupStep | null;
  headingRef: RefObject<HTMLHeadingElement | null>;
  classNames: PartClassNames<ImportSetupPart> | undefined;
}

export const [ImportSetupContext, useImportSetupContext] = createPartsContext<ImportSetupContextValue>(
  'ImportSetupContext',
  '<ImportSetup.Root>',
);
