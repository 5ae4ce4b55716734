// electron-vite builds the three parts: main (Node), preload (sandboxed bridge), renderer (a web page).
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      outDir: 'out/main',
      rollupOptions: {
        // The reading worker is a second entry: out/main/readWorker.js, beside index.js, where the
        // reading client looks for it. onnxruntime-node, sharp and tesseract.js stay external
        // (externalizeDeps): native addons and worker scripts load from node_modules at run time.
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          readWorker: resolve(__dirname, 'electron/main/reading/worker/readWorker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: true,
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        // A sandboxed preload cannot load ES modules: ship it as one CommonJS file.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
});
