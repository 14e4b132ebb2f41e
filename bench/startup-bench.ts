/**
 * Startup benchmark of the built bundles (run `npm run build` first): how long a
 * fresh Node process takes to load dist/core.js and to run `dist/cli.js --version`,
 * and what the first call through each vendor SDK adds (its file in dist/vendor/ is
 * loaded then). The extension's own activation is measured inside VS Code by the
 * integration layer (test/vscode/empty-workspace/lazy-activation.test.ts).
 *
 *   npm run bench:startup -- [--runs 7]
 *
 * Each figure is the median of the runs, each in a fresh process.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { startMockLlmServer } from '../test/support/mock-llm-server';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' } } });
const runs = Number(values.runs);
const core = resolve('dist/core.js');
const cli = resolve('dist/cli.js');
if (!existsSync(core) || !existsSync(cli)) throw new Error('dist/ is missing its bundles: run `npm run build` first.');

const runNode = promisify(execFile);

/** The median of `runs` measurements, taken one after another. */
async function medianOf(measure: () => Promise<number>): Promise<number> {
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) samples.push(await measure());
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
}

/** Runs a script in a fresh Node process; it prints one number (ms). */
async function timeInFreshProcess(script: string): Promise<number> {
  const { stdout } = await runNode(process.execPath, ['-e', script]);
  return Number(stdout.trim());
}

async function wallTimeMs(command: string[]): Promise<number> {
  const started = performance.now();
  await runNode(process.execPath, command);
  return performance.now() - started;
}

const requireCore = `const t = performance.now(); require(${JSON.stringify(core)}); console.log(performance.now() - t);`;

/**
 * A script that loads the core, then makes two calls of `spec` against the mock
 * server through two models; the first loads the SDK, the second does not. It
 * prints the difference.
 */
function firstCallScript(spec: string, provider: string, baseUrl: string): string {
  return `
    const core = require(${JSON.stringify(core)});
    const options = ${JSON.stringify({ trusted: false, apiKeys: { [provider]: 'bench-key' }, baseUrls: { [provider]: baseUrl } })};
    const model = core.createChatModel(${JSON.stringify(spec)}, options);
    const warm = core.createChatModel(${JSON.stringify(spec)}, options);
    (async () => {
      const request = { messages: [{ role: 'user', content: 'Hi' }] };
      let t = performance.now(); await model.complete(request); const first = performance.now() - t;
      t = performance.now(); await warm.complete(request); const second = performance.now() - t;
      console.log(first - second);
    })();`;
}

async function main(): Promise<void> {
  const server = await startMockLlmServer();
  try {
    const rows: [string, number][] = [
      ['require dist/core.js', await medianOf(() => timeInFreshProcess(requireCore))],
      ['node dist/cli.js --version (whole process)', await medianOf(() => wallTimeMs([cli, '--version']))],
    ];
    for (const [spec, provider] of [
      ['anthropic:claude-bench', 'anthropic'],
      ['openai:gpt-bench', 'openai'],
      ['google:gemini-bench', 'google'],
    ] as const) {
      const baseUrl = server.baseUrls[provider];
      rows.push([`${spec}: SDK load on the first call`, await medianOf(() => timeInFreshProcess(firstCallScript(spec, provider, baseUrl)))]);
    }
    console.log(`startup (median of ${runs} fresh processes):`);
    for (const [label, ms] of rows) console.log(`  ${label.padEnd(52)} ${ms.toFixed(1).padStart(7)} ms`);
  } finally {
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
