import type { ReactNode } from 'react';
import { part, type PartClassNames } from '../utils/part.ts';

export interface LoadErrorProps<Part extends string> {
  /** The alert's `data-part`, e.g. `runs-error`. */
  part: Part;
  /** The message's `data-part`, e.g. `runs-error-message`. */
  messagePart: Part;
  /** The component's classes, by `data-part` name. */
  classNames: PartClassNames<Part | 'retry-button'> | undefined;
  className?: string;
  /**
   * `p` for a message above the button; `span` for one beside it, followed by a space.
   * @default 'p'
   */
  messageAs?: 'p' | 'span';
  /** Loads again. */
  onRetry: () => void;
  /** @default 'Try again' */
  retryLabel?: string;
  /** Passed through, for a component whose stand-ins carry a state. */
  'data-state'?: string;
  /** The failure's error code. */
  'data-error-code'?: string;
  /** The message. */
  children: ReactNode;
}

/** The alert that stands in for a component's content when loading it failed: what went wrong, and a retry. */
export function LoadError<Part extends string>({
  part: name,
  messagePart,
  classNames,
  className,
  messageAs: Message = 'p',
  onRetry,
  retryLabel = 'Try again',
  children,
  ...attributes
}: LoadErrorProps<Part>) {
  return (
    <div {...part(name, classNames, className)} role="alert" {...attributes}>
      <Message {...part(messagePart, classNames)}>{children}</Message>
      {Message === 'span' && ' '}
      <button {...part('retry-button', classNames)} type="button" onClick={onRetry}>
        {retryLabel}
      </button>
    </div>
  );
}
