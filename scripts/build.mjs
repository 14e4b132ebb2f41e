// Bundles the extension, the CLI and the core library with esbuild.
// Usage: node scripts/build.mjs [--watch] [--minify]
import * as esbuild from 'esbuild';
import { chmodSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');

/**
 * The vendor SDKs, each bundled into a file of its own under dist/vendor/. The
 * adapters load them with `import()` on a model's first call, so starting the
 * extension or the CLI never parses them (about 3.5 MB, most of the startup cost).
 */
const vendorSdks = {
  '@anthropic-ai/sdk': { outfile: 'vendor/anthropic-sdk.js', hasDefaultExport: true },
  openai: { outfile: 'vendor/openai-sdk.js', hasDefaultExport: true },
  '@google/genai': { outfile: 'vendor/google-genai-sdk.js', hasDefaultExport: false },
  // The queue (BullMQ on Redis): loaded only when a Redis URL is given.
  bullmq: { outfile: 'vendor/bullmq.js', hasDefaultExport: false },
  ioredis: { outfile: 'vendor/ioredis.js', hasDefaultExport: true },
  // The SQL parser of is-sql checks (about 2.5 MB of grammars): loaded on the first such check.
  'node-sql-parser': { outfile: 'vendor/sql-parser.js', hasDefaultExport: false },
};

/** Resolves an SDK import in the main bundles to its vendor file, loaded at run time. */
const vendorSdksExternal = {
  name: 'vendor-sdks-external',
  setup(build) {
    const filter = new RegExp(`^(${Object.keys(vendorSdks).map((name) => name.replace(/[/.]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: `./${vendorSdks[args.path].outfile}`, external: true }));
  },
};

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

/** A main bundle: the SDKs stay out, and `import()` of one becomes a `require()` of its vendor file. */
const main = { ...shared, plugins: [vendorSdksExternal], supported: { 'dynamic-import': false } };

/** One SDK, re-exported whole (named exports and any default) as a CommonJS module. */
const vendorTargets = Object.entries(vendorSdks).map(([name, { outfile, hasDefaultExport }]) => ({
  ...shared,
  stdin: {
    contents: `export * from '${name}';\n` + (hasDefaultExport ? `export { default } from '${name}';\n` : ''),
    resolveDir: process.cwd(),
    loader: 'js',
  },
  outfile: `dist/${outfile}`,
}));

/** Every bundle the project ships or tests with. Add new entry points here. */
export const targets = [
  { ...main, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  {
    ...main,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node\n' + shared.banner.js },
  },
  { ...main, entryPoints: ['src/core/index.ts'], outfile: 'dist/core.js' },
  ...vendorTargets,
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
