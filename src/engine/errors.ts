/** Every failure the engine reports falls in one of these classes. */
export type ErrorClass =
  | 'config'
  | 'auth'
  | 'rate-limited'
  | 'transient'
  | 'source-data'
  | 'destination'
  | 'internal';

/** One problem found while validating a definition, a mapping or an input. */
export interface ValidationIssue {
  /** Dotted path to the offending value, e.g. `collections.users.list.pagination.type`. */
  path: string;
  message: string;
}

/** The wire form of a {@link TributaryError}: what crosses a transport and what a run records. */
export interface TributaryErrorData {
  code: string;
  class: ErrorClass;
  message: string;
  /** Problems with their paths, for `config` errors raised by validation. */
  issues?: ValidationIssue[];
  /** HTTP status the external app answered with, where there was one. */
  status?: number;
  /** How long the other side asked us to wait before trying again (Retry-After, rate-limit reset). */
  retryAfterMs?: number;
}

/** A typed, classed error with a stable `code`; the only kind of error the engine throws. */
export class TributaryError extends Error {
  readonly code: string;
  readonly class: ErrorClass;
  readonly issues?: ValidationIssue[];
  readonly status?: number;
  readonly retryAfterMs?: number;

  constructor(data: TributaryErrorData, options?: { cause?: unknown }) {
    super(data.message, options);
    this.name = 'TributaryError';
    this.code = data.code;
    this.class = data.class;
    if (data.issues) this.issues = data.issues;
    if (data.status !== undefined) this.status = data.status;
    if (data.retryAfterMs !== undefined) this.retryAfterMs = data.retryAfterMs;
  }

  /** Whether retrying the same operation later may succeed. */
  get retryable(): boolean {
    return this.class === 'transient' || this.class === 'rate-limited';
  }

  toJSON(): TributaryErrorData {
    return {
      code: this.code,
      class: this.class,
      message: this.message,
      ...(this.issues ? { issues: this.issues } : {}),
      ...(this.status !== undefined ? { status: this.status } : {}),
      ...(this.retryAfterMs !== undefined ? { retryAfterMs: this.retryAfterMs } : {}),
    };
  }

  static fromData(data: TributaryErrorData): TributaryError {
    return new TributaryError(data);
  }
}

export function isTributaryError(value: unknown): value is TributaryError {
  return value instanceof TributaryError;
}

/** Wraps anything thrown into a TributaryError, keeping typed ones as they are. */
export function toTributaryError(error: unknown): TributaryError {
  if (error instanceof TributaryError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new TributaryError({ code: 'internal', class: 'internal', message }, { cause: error });
}
