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
  | 'INTERNAL';

export interface ApiError {
  code: ErrorCode;
  message: string;
  /** Row/column level details for imports, field paths for validation errors. */
  details?: string[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

/** An error a person can act on; thrown inside main, turned into a Result at the boundary. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: string[];
  constructor(code: ErrorCode, message: string, details?: string[]) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

export function toApiError(e: unknown): ApiError {
  if (e instanceof AppError) {
    return e.details ? { code: e.code, message: e.message, details: e.details } : { code: e.code, message: e.message };
  }
  // Never a stack trace across the boundary: only the message.
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'INTERNAL', message: `Internal error: ${message}` };
}
