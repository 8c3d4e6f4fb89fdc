/** @module vitest configuration: the Node test suite lives in test/, mirrors src/. */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.spec.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Network tests bind loopback ports; two cores, so keep concurrency modest.
    maxWorkers: 2,
  },
});
