// Results as values: every API call answers with one of these, so errors cross IPC and HTTP intact.

export type ErrorCode =
  | 'BAD_REQUEST'
  | 'NOT_SIGNED_IN'
  | 'FORBIDDEN'
  | 'WRONG_PIN'
  | 'LOCKED_OUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'IMPORT_REJECTED'
  | 'PHOTO_REJECTED'
  | 'FOUR_EYES'
  | 'GATE_REFUSED'
  /** The shared database stayed busy with another station's write through every retry. */
  | 'BUSY'
  /** The PostgreSQL server cannot be reached (or the connection broke): nothing was stored. */
  | 'SERVER_LOST'
  | 'INTERNAL';

export interface ApiError {
  code: ErrorCode;
  message: string;
  /** Row/column level details for imports, field paths for validation errors. */
  details?: string[];
  /** Values for the locale sentence of `code` (and of `key`), so the UI renders errors in the user's language. */
  params?: Record<string, string | number>;
  /** A finer message key than `code` (e.g. 'pinFormat'), looked up as errors.<key> in the locale files. */
  key?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

/** An error a person can act on; thrown inside main, turned into a Result at the boundary. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: string[];
  readonly params?: Record<string, string | number>;
  readonly key?: string;
  constructor(code: ErrorCode, message: string, details?: string[], extra?: { params?: Record<string, string | number>; key?: string }) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
    this.params = extra?.params;
    this.key = extra?.key;
  }
}

export function toApiError(e: unknown): ApiError {
  if (e instanceof AppError) {
    const err: ApiError = { code: e.code, message: e.message };
    if (e.details) err.details = e.details;
    if (e.params) err.params = e.params;
    if (e.key) err.key = e.key;
    return err;
  }
  // Never a stack trace across the boundary: only the message.
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'INTERNAL', message: `Internal error: ${message}` };
}
