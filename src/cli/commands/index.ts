import type { CliCommand } from '../cli-command';
import { applyCommand } from './apply-command';
import { diagnoseCommand } from './diagnose-command';
import { evalCommand } from './eval-command';
import { leaderboardCommand } from './leaderboard-command';
import { resumeCommand } from './resume-command';
import { runsCommand } from './runs-command';
import { trainAllCommand } from './train-all-command';
import { transferCommand } from './transfer-command';
import { tasksCommand } from './tasks-command';
import { trainCommand } from './train-command';
import { validateCommand } from './validate-command';

/** Every `skill-trainer` command, in the order `--help` lists them. Add new commands here. */
export const cliCommands: readonly CliCommand[] = [validateCommand, tasksCommand, evalCommand, diagnoseCommand, trainCommand, trainAllCommand, resumeCommand, runsCommand, leaderboardCommand, transferCommand, applyCommand];
