import { defineConfig } from 'vitest/config';

// The build writes where Maven asks (dashboard-assets in the jar's classes); `npm run build` by
// hand writes to dist/. JSX is compiled by esbuild for Preact (no framework plugin needed).
export default defineConfig({
  base: '/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: process.env.ALTUS_DASHBOARD_OUT || 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    modulePreload: { polyfill: false },
  },
  test: { environment: 'node', include: ['src/**/*.test.ts'] },
});
