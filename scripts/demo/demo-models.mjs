// Which models the demo uses: the same choice as `skill-trainer train` without model
// flags (src/cli/commands/train-command.ts): the first provider whose API key is in
// the environment (ANTHROPIC_API_KEY, OPENAI_API_KEY, GEMINI_API_KEY or
// GOOGLE_API_KEY), else the offline simulated world.
import { chooseModels } from '../../src/cli/commands/train-command.ts';

/** Pretended latency of each simulated call (ms): slow enough to watch a run unfold. */
export const SIMULATED_LATENCY_MS = 400;
/** Cost cap of each run when the demo uses a paid provider (USD); a stopped run resumes. */
export const PAID_RUN_CAP_USD = 5;

/**
 * @returns {{ simulated: boolean, specs: { target: string, optimizer: string, judge: string }, note: string, settings: Record<string, unknown> }}
 *   settings: the workspace settings that make the extension use these models.
 */
export function demoModels(environment = process.env) {
  const { specs } = chooseModels({}, environment);
  const simulated = specs.target.startsWith('sim:');
  const roles = `target ${specs.target}, optimizer ${specs.optimizer}, judge ${specs.judge}`;
  const note = simulated
    ? `No API key in the environment: the demo runs in the simulated world (${roles}).\n` +
      '  It is an offline stand-in driven by the hints in each evals.json; its scores say nothing about real models.\n' +
      '  Set ANTHROPIC_API_KEY, OPENAI_API_KEY or GEMINI_API_KEY before `npm run demo` to use a real provider.'
    : `API key found in the environment: the demo uses ${roles},\n` +
      `  with each run capped at $${PAID_RUN_CAP_USD} (skillTrainer.maxCostUsd; a capped run can be resumed).`;
  const settings = {
    'skillTrainer.target': specs.target,
    'skillTrainer.optimizer': specs.optimizer,
    'skillTrainer.judge': specs.judge,
    ...(simulated ? { 'skillTrainer.simulation.latencyMs': SIMULATED_LATENCY_MS } : { 'skillTrainer.maxCostUsd': PAID_RUN_CAP_USD }),
  };
  return { simulated, specs, note, settings };
}
