// The explorer's build: a static bundle that the query API serves under /explorer/ (EXPLORER_DIR).
// `npx vite --config apps/explorer/vite.config.mjs` serves it for development, with the API's paths
// proxied to QUERY_API_URL (default: the query API of `npm start`).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const queryApi = process.env.QUERY_API_URL ?? 'http://127.0.0.1:3004';

export default defineConfig({
  root,
  base: '/explorer/',
  // React's automatic JSX runtime, through the Oxc transformer Vite 8 builds with: no Babel or React plugin needed
  oxc: { jsx: { runtime: 'automatic' } },
  build: { outDir: fileURLToPath(new URL('../../dist/explorer', import.meta.url)), emptyOutDir: true },
  server: {
    proxy: Object.fromEntries(['/orders', '/projections', '/dead-letters', '/repairs'].map((path) => [path, queryApi])),
  },
});
