// One vitest invocation, three projects (DESIGN §6): unit (Node and jsdom), integration (CLI, files), browser (Chromium).
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  test: {
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'], environment: 'node', testTimeout: 30_000 } },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'], environment: 'node', testTimeout: 120_000, hookTimeout: 300_000 } },
      { extends: true, test: { name: 'browser', include: ['test/browser/**/*.test.ts'], environment: 'node', testTimeout: 120_000, hookTimeout: 300_000, fileParallelism: false } },
    ],
  },
});
