// Bundles the Action and the CLI into dist/ with esbuild: one file per entry point, ESM, Node 24.
// esbuild because it bundles TypeScript directly (no separate tsc emit), handles the CommonJS
// dependencies of @actions/* in an ESM bundle, and does it in well under a second.

import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: { main: 'src/action/main.ts', post: 'src/action/post.ts', cli: 'src/cli/index.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'none',
  logLevel: 'warning',
  // CommonJS dependencies call require() for Node built-ins; give the ESM bundle one.
  banner: {
    js: "import { createRequire as __stewardCreateRequire } from 'node:module'; const require = __stewardCreateRequire(import.meta.url);",
  },
});
