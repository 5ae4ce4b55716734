// A WHERE clause built from optional filters: a condition joins only when its value is given
// (not undefined, not an empty string), with its value bound as a named parameter.
export class SqlWhere {
  private readonly parts: string[] = [];
  readonly params: Record<string, unknown> = {};

  /** Adds `sql` (which names `@name`) when `value` is given. */
  when(name: string, value: unknown, sql: string): this {
    if (value === undefined || value === null || value === '') return this;
    this.parts.push(sql);
    this.params[name] = value;
    return this;
  }

  /** Adds a condition with no parameter. */
  always(sql: string): this {
    this.parts.push(sql);
    return this;
  }

  /** The conditions alone, to combine with others. */
  get conditions(): readonly string[] {
    return this.parts;
  }

  get clause(): string {
    return this.parts.length ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}
