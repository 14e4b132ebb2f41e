import type { CliCommand } from '../cli-command';
import { diagnoseCommand } from './diagnose-command';
import { evalCommand } from './eval-command';
import { resumeCommand } from './resume-command';
import { runsCommand } from './runs-command';
import { tasksCommand } from './tasks-command';
import { trainCommand } from './train-command';
import { validateCommand } from './validate-command';

/** Every `skill-trainer` command, in the order `--help` lists them. Add new commands here. */
export const cliCommands: readonly CliCommand[] = [validateCommand, tasksCommand, evalCommand, diagnoseCommand, trainCommand, resumeCommand, runsCommand];
