import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  plugins: [react()],
  server: {
    // The API server runs on :3000 in development; same-origin in production. /f/… are public web-form pages.
    proxy: { '/api': { target: 'http://localhost:3000' }, '^/f/': { target: 'http://localhost:3000' } },
  },
  preview: {
    proxy: { '/api': { target: 'http://localhost:3000' }, '^/f/': { target: 'http://localhost:3000' } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd's core (layout, menus, forms, CSS-in-JS) is ~700 kB minified / ~230 kB gzip; that is expected.
    chunkSizeWarningLimit: 800,
    rollupOptions: {
      // zod ships /*#__PURE__*/ comments in places Rollup ignores; the warning is noise, not a problem of ours.
      onwarn(warning, warn) {
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules')) return;
        warn(warning);
      },
      output: {
        // React changes far less often than our code: its own chunk stays cached across releases.
        // antd is left to Rollup so heavy parts (e.g. Table) load only with the pages that use them.
        manualChunks(id) {
          if (/node_modules\/(react|react-dom|scheduler|react-router|react-router-dom)\//.test(id)) return 'react';
          return undefined;
        },
      },
    },
  },
});
