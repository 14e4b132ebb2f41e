/**
 * What `diagnose` finds about a skill's eval tasks, as data both front ends render:
 * findings (each with what to do), and the numbers behind them per task.
 */

export type FindingKind =
  | 'never-discriminates'
  | 'skill-makes-no-difference'
  | 'skill-hurts'
  | 'flaky'
  | 'expected-output-contradicts'
  | 'costly'
  | 'not-scored';

export interface Finding {
  kind: FindingKind;
  /** `warning`: the tasks mislead training or scores; `info`: worth a look. */
  severity: 'warning' | 'info';
  /** Tasks the finding is about. */
  taskIds: string[];
  /** The check it is about, when it is about one (`contains "refund"`, `hard: The answer …`). */
  check?: string;
  /** What was seen, with the numbers. */
  message: string;
  /** What to do about it. */
  advice: string;
}

/** One task, with and without the skill, over the trials. */
export interface TaskDiagnostics {
  taskId: string;
  withSkill: { scored: number; passed: number; hard: number; soft: number };
  withoutSkill: { scored: number; passed: number; hard: number; soft: number };
  flaky: boolean;
  /** Mean per scored run with the skill: target plus judge. */
  cost: { latencyMs: number; inputTokens: number; outputTokens: number; costUsd: number | null };
}

export interface DiagnosticsReport {
  skillName: string;
  trials: number;
  tasks: TaskDiagnostics[];
  findings: Finding[];
  /** Every call of the diagnosis, summed. */
  usage: { calls: number; inputTokens: number; outputTokens: number; costUsd: number | null };
  wallTimeMs: number;
}

export { addUsage } from '../models/add-usage';
