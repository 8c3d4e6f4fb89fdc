/**
 * @module Marble-test helpers: a fresh TestScheduler whose matcher compares errors by
 * name and message (not stack), like RxJS's own observableMatcher.
 */
import { TestScheduler } from 'rxjs/testing';
import { expect } from 'vitest';

function stripStacks(value: unknown): unknown {
  if (value instanceof Error) {
    return {
      name: value.name,
      message: value.message,
      ...Object.fromEntries(Object.entries(value)),
    };
  }
  if (Array.isArray(value)) return value.map(stripStacks);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, stripStacks(item)]));
  }
  return value;
}

/**
 * A TestScheduler that asserts with vitest's `toEqual`, errors compared without stacks.
 *
 * @returns A new scheduler (make one per test, in `beforeEach`).
 */
export function createTestScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => {
    expect(stripStacks(actual)).toEqual(stripStacks(expected));
  });
}
