/**
 * @module Config checks shared by the operators: a bad option fails when the operator is
 * created, with a message naming the operator, the option and the value.
 */

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** Throws a RangeError unless `value` is an integer >= `min`. */
export function requireInteger(operator: string, option: string, value: unknown, min = 1): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new RangeError(
      `${operator}: ${option} must be an integer >= ${min}, got ${describe(value)}`,
    );
  }
  return value;
}

/** Throws a RangeError unless `value` is a finite number > 0. */
export function requirePositive(operator: string, option: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(
      `${operator}: ${option} must be a finite number > 0, got ${describe(value)}`,
    );
  }
  return value;
}

/** Throws a RangeError unless `value` is one of `allowed`. */
export function requireOneOf<const A extends readonly string[]>(
  operator: string,
  option: string,
  value: unknown,
  allowed: A,
): A[number] {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    throw new RangeError(
      `${operator}: ${option} must be one of ${allowed.map((item) => `'${item}'`).join(', ')}, ` +
        `got ${describe(value)}`,
    );
  }
  return value as A[number];
}

/** Throws a TypeError unless `value` is a function. */
export function requireFunction(operator: string, option: string, value: unknown): void {
  if (typeof value !== 'function') {
    throw new TypeError(`${operator}: ${option} must be a function, got ${typeof value}`);
  }
}
