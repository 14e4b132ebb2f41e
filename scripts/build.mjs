// Bundles the extension, the CLI and the core library with esbuild.
// Usage: node scripts/build.mjs [--watch] [--minify]
import * as esbuild from 'esbuild';
import { chmodSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');

const shared = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify,
  logLevel: 'warning',
  loader: { '.md': 'text' },
  // Several dependencies are ESM and read import.meta.url; in a CJS bundle that is
  // the bundle file's own URL.
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};

/** Every bundle the project ships or tests with. Add new entry points here. */
export const targets = [
  { ...shared, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  {
    ...shared,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node\n' + shared.banner.js },
  },
  { ...shared, entryPoints: ['src/core/index.ts'], outfile: 'dist/core.js' },
  // The Score Trends webview: its script (uPlot bundled, no CDN) and styles for the browser.
  {
    entryPoints: ['media/score-trends/score-trends.ts'],
    outdir: 'dist/score-trends',
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    sourcemap: minify ? false : 'inline',
    minify,
    logLevel: 'warning',
  },
];

if (watch) {
  for (const options of targets) (await esbuild.context(options)).watch();
  console.log('esbuild: watching for changes');
} else {
  await Promise.all(targets.map((options) => esbuild.build(options)));
  chmodSync('dist/cli.js', 0o755);
  console.log(`esbuild: built ${targets.map((t) => t.outfile ?? t.outdir).join(', ')}`);
}
