// Builds the renderer alone (the browser build served by `npm run web`); electron-vite reuses these settings.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export const rendererConfig = {
  root: 'renderer',
  base: './',
  plugins: [react()],
  worker: { format: 'es' as const },
  build: { outDir: '../out/renderer', emptyOutDir: true, chunkSizeWarningLimit: 4000 },
};

export default defineConfig(rendererConfig);
