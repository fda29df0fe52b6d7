// Builds the renderer alone (the browser build served by `npm run web`); electron-vite reuses these settings.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/** Every file under scenarios/, as paths relative to the repository root ('scenarios/rulebooks/…'). */
function scenarioFiles(dir = resolve(import.meta.dirname, 'scenarios')): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? scenarioFiles(full) : [relative(import.meta.dirname, full).split(sep).join('/')];
  });
}

/**
 * Ships scenarios/ (the default dataset, rulebooks, scenarios) beside index.html, so the browser's engine worker can
 * fetch them from its own origin; the dev server serves them from the repository.
 */
export function shipScenarios(): Plugin {
  return {
    name: 'hntm-ship-scenarios',
    generateBundle() {
      for (const file of scenarioFiles()) this.emitFile({ type: 'asset', fileName: file, source: readFileSync(resolve(import.meta.dirname, file)) });
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = decodeURIComponent((req.url ?? '').split('?')[0]).replace(/^\//, '');
        if (!scenarioFiles().includes(path)) return next();
        res.setHeader('Content-Type', path.endsWith('.json') ? 'application/json' : 'text/plain; charset=utf-8');
        res.end(readFileSync(resolve(import.meta.dirname, path)));
      });
    },
  };
}

export const rendererConfig = {
  root: 'renderer',
  base: './',
  plugins: [react(), shipScenarios()],
  worker: { format: 'es' as const },
  build: { outDir: '../out/renderer', emptyOutDir: true, chunkSizeWarningLimit: 4000 },
};

export default defineConfig(rendererConfig);
