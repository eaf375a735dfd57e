import type { ReactNode } from 'react';
import { part, type PartClassNames } from '../utils/part.ts';

export interface LoadingMessageProps<Part extends string> {
  /** The message's `data-part`, e.g. `runs-loading`. */
  part: Part;
  /** The component's classes, by `data-part` name. */
  classNames: PartClassNames<Part | 'spinner'> | undefined;
  className?: string;
  /**
   * Whether a `[data-part="spinner"]` goes before the text.
   * @default false
   */
  spinner?: boolean;
  /** `status` to announce the message politely. */
  role?: 'status';
  /** Passed through, for a component whose stand-ins carry a state. */
  'data-state'?: string;
  children: ReactNode;
}

/** The paragraph that stands in for a component's content while it loads. */
export function LoadingMessage<Part extends string>({
  part: name,
  classNames,
  className,
  spinner = false,
  children,
  ...attributes
}: LoadingMessageProps<Part>) {
  return (
    <p {...part(name, classNames, className)} {...attributes}>
      {spinner && <span {...part('spinner', classNames)} aria-hidden="true" />}
      {children}
    </p>
  );
}
