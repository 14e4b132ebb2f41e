/**
 * Core messages in VS Code's words. The core marks the options and the resume step a
 * message names (see `MessagePart`); here they become setting names and the Resume
 * Training command, where the command line would say `--max-cost` or
 * `skill-trainer resume <id>`.
 */
import { messageParts, wordMessage, type MessagePart, type MessageWording, type OptionName } from '../core/errors';
import type { SkillTrainerSettings } from './settings-schema';

// No `vscode` import (the event log formats with this too); the section as settings.ts names it.
const SECTION = 'skillTrainer';

/** The setting (without `skillTrainer.`) that plays each option's part. */
export const SETTING_OF_OPTION: Record<OptionName, keyof SkillTrainerSettings> = {
  maxCostUsd: 'maxCostUsd',
  maxTokens: 'maxTokens',
  judge: 'judge',
  embedding: 'embedding',
  timeout: 'callTimeoutSeconds',
  learningRateMax: 'learningRate.max',
  learningRateMin: 'learningRate.min',
  gateRule: 'gate.rule',
  gateMetric: 'gate.metric',
  gateTrials: 'gate.trials',
  gateSignificance: 'gate.significance',
};

/** VS Code's wording: settings by their full name, resuming by the command's palette title. */
export const SETTINGS_WORDING: MessageWording = {
  option: (name) => `the ${SECTION}.${SETTING_OF_OPTION[name]} setting`,
  resume: (_runId, when) => `Run "Skill Trainer: Resume Training" to continue${when ? ` ${when}` : ''}.`,
  listing: (name) => (name === 'runs' ? 'the Checkpoints view lists them' : 'the Problems panel lists them'),
};

/** An error's message as the UI shows it. */
export function uiErrorMessage(error: unknown): string {
  return wordMessage(messageParts(error), SETTINGS_WORDING);
}

/**
 * A stored or returned run message as the UI shows it: from its parts when the run
 * kept them, else the text as recorded (runs stopped before parts were kept).
 */
export function uiRunText(parts: readonly MessagePart[] | undefined, text: string | undefined): string {
  return parts ? wordMessage(parts, SETTINGS_WORDING) : (text ?? '');
}
