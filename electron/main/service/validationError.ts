// A request the contract refuses, as an error the UI can say in the user's language: the first
// problem's field and kind go as parameters (errors.invalid.<kind> in the locale files); the
// English message keeps every problem for the command line and logs.
import type { z } from 'zod';
import { AppError } from '../../../shared/result';

type Issue = z.core.$ZodIssue;

/** The locale key for one problem: a field-specific sentence where one exists (PIN), else by kind. */
function keyFor(issue: Issue, field: string): string {
  if (field === 'pin' && issue.code === 'invalid_format') return 'pinFormat';
  switch (issue.code) {
    case 'too_small':
      return issue.origin === 'string' && Number(issue.minimum) <= 1 ? 'fieldRequired' : 'fieldTooShort';
    case 'too_big':
      return 'fieldTooLong';
    case 'invalid_format':
      return 'fieldFormat';
    default:
      return 'fieldInvalid';
  }
}

export function validationError(channel: string, issues: readonly Issue[]): AppError {
  const details = issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`);
  const first = issues[0];
  const field = first ? String(first.path[first.path.length - 1] ?? 'request') : 'request';
  const params: Record<string, string | number> = { field };
  if (first && (first.code === 'too_small' || first.code === 'too_big')) {
    const limit = first.code === 'too_small' ? first.minimum : first.maximum;
    params.limit = typeof limit === 'bigint' ? Number(limit) : limit;
  }
  return new AppError('BAD_REQUEST', `Invalid request for ${channel}: ${details.join('; ')}`, details, { key: first ? keyFor(first, field) : 'fieldInvalid', params });
}
