import type { ReactNode } from 'react';
import type { DisplayError } from '../utils/errors.ts';
import { part, type PartClassNames } from '../utils/part.ts';
import { LoadingMessage } from './LoadingMessage.tsx';

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

/**
 * What stands in for a component's content while it loads (`loadingPart`, `role="status"`) or when loading
 * failed (`errorPart` with `<errorPart>-message`, the error's code and a retry); undefined once it has loaded.
 */
export function loadStandIn(
  { status, error, reload }: { status: string; error: DisplayError | undefined; reload: () => void },
  classNames: PartClassNames<string> | undefined,
  className: string | undefined,
  loadingPart: string,
  errorPart: string,
  loadingText: string,
  /** Followed by the error's message. */
  errorText: string,
  spinner?: boolean,
): ReactNode {
  return status === 'loading' ? (
    <LoadingMessage part={loadingPart} classNames={classNames} className={className} spinner={spinner} role="status">
      {loadingText}
    </LoadingMessage>
  ) : status === 'error' ? (
    <LoadError
      part={errorPart}
      messagePart={`${errorPart}-message`}
      classNames={classNames}
      className={className}
      data-error-code={error?.code}
      onRetry={reload}
    >
      {errorText}
      {error?.message}
    </LoadError>
  ) : undefined;
}
