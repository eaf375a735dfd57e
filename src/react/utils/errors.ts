import { TributaryError } from '../../client/index.ts';

export interface DisplayError {
  message: string;
  code: string | undefined;
}

/** What to show for something thrown: a TributaryError's message is written for people. */
export function toDisplayError(error: unknown): DisplayError {
  if (error instanceof TributaryError) return { message: error.message, code: error.code };
  if (error instanceof Error && error.message) return { message: error.message, code: undefined };
  return { message: 'Something went wrong.', code: undefined };
}
