// Test runner configuration: tests live beside the code they test and in test/ for cross-module flows.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', '.*/**'],
    environment: 'node',
  },
});
