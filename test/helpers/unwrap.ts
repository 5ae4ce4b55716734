// The one way end-to-end tests take a service answer's value: a refusal fails the test with its code
// and message, instead of each file carrying its own copy of this.
import type { Result } from '../../shared/result';

export async function unwrap<T>(p: Promise<Result<T>> | Result<T>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}
