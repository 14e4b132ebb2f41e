/**
 * `skill-trainer leaderboard [--json | --markdown] [--history]`: every skill's latest
 * best score, its change against the baseline and on the test split, runs, last
 * trained and total cost, what needs attention first. `--markdown` is a pull request
 * body; `--history` adds each skill's score series.
 */
import { relative, resolve } from 'node:path';
import { readSkillLeaderboard, type LeaderboardRow } from '../../core/library/skill-leaderboard';
import type { CliCommand } from '../cli-command';
import type { CliIo } from '../cli-io';
import { formatUsd } from '../eval-report';
import { formatTable } from '../text-table';

const sparkBlocks = '▁▂▃▄▅▆▇█';

/** A score series (0..1) as block characters, one per run. */
export function sparkline(values: readonly number[]): string {
  return values.map((value) => sparkBlocks[Math.min(sparkBlocks.length - 1, Math.max(0, Math.round(value * (sparkBlocks.length - 1))))]).join('');
}

function score(value: number | undefined): string {
  return value === undefined ? '—' : value.toFixed(3);
}

function signed(value: number | undefined): string {
  return value === undefined ? '—' : `${value >= 0 ? '+' : ''}${value.toFixed(3)}`;
}

function cost(value: number | null): string {
  return value === null ? 'unknown' : formatUsd(value);
}

function day(iso: string | undefined): string {
  return iso ? iso.slice(0, 16).replace('T', ' ') : '—';
}

function cells(row: LeaderboardRow, history: boolean): string[] {
  const base = [row.skillName, score(row.latestBest), signed(row.delta), signed(row.testDelta), String(row.runs), day(row.lastTrained), cost(row.totalCostUsd)];
  return [...base, ...(history ? [sparkline(row.history.map((point) => point.best))] : []), row.attention ?? ''];
}

const headers = ['skill', 'best', 'vs baseline', 'test Δ', 'runs', 'last trained', 'cost'];

/** The leaderboard as a Markdown table (a pull request body, a job summary). */
export function leaderboardMarkdown(rows: readonly LeaderboardRow[], history: boolean): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  const columns = [...headers, ...(history ? ['history'] : []), 'needs attention'];
  const lines = [
    '## Skill leaderboard',
    '',
    `| ${columns.join(' | ')} |`,
    `| ${columns.map((_, index) => (index > 0 && index < 5 ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((row) => `| ${cells(row, history).map(escape).join(' | ')} |`),
  ];
  if (rows.length === 0) lines.push('', 'No finished training runs yet.');
  lines.push('', 'Scores are validation scores (0–1) in each run\'s gate metric; "vs baseline" is the latest run\'s best minus its starting score; "test Δ" the same on the held-out test split.');
  return `${lines.join('\n')}\n`;
}

export async function runLeaderboardCommand(options: { workspace?: string; json?: boolean; markdown?: boolean; history?: boolean }, io: CliIo): Promise<number> {
  const workspace = resolve(io.cwd, options.workspace ?? '.');
  const rows = await readSkillLeaderboard(workspace);
  const history = options.history ?? false;
  if (options.json) {
    const shown = rows.map((row) => (history ? row : { ...row, history: undefined }));
    io.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
    return 0;
  }
  if (options.markdown) {
    io.stdout.write(leaderboardMarkdown(rows, history));
    return 0;
  }
  if (rows.length === 0) {
    io.stdout.write(`No training runs in ${relative(io.cwd, workspace) || workspace}. Train with: skill-trainer train-all <folder>\n`);
    return 0;
  }
  const right = (header: string) => ({ header, align: 'right' as const });
  const columns = [{ header: 'skill', maxWidth: 40 }, right('best'), right('vs baseline'), right('test Δ'), right('runs'), { header: 'last trained' }, right('cost'), ...(history ? [{ header: 'history' }] : []), { header: 'needs attention', maxWidth: 100 }];
  io.stdout.write(`${formatTable(columns, rows.map((row) => cells(row, history)))}\n`);
  return 0;
}

export const leaderboardCommand: CliCommand = {
  register(program, context) {
    program
      .command('leaderboard')
      .description("Every skill's latest best score, its change, runs and cost, what needs attention first")
      .option('--workspace <dir>', 'the folder holding .skill-trainer/ (default: the current folder)')
      .option('--json', 'print the rows as JSON')
      .option('--markdown', 'print a Markdown table (a pull request body)')
      .option('--history', "add each skill's score series (one point per finished run)")
      .action(async (options: { workspace?: string; json?: boolean; markdown?: boolean; history?: boolean }) => {
        context.exitCode = await runLeaderboardCommand(options, context.io);
      });
  },
};
