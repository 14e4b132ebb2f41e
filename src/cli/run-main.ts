import { Command, CommanderError } from 'commander';
import { isSkillTrainerError } from '../core/errors';
import packageJson from '../../package.json';
import type { CliCommand } from './cli-command';
import type { CliIo } from './cli-io';
import { cliCommands } from './commands';

/**
 * Runs `skill-trainer` with the arguments after the program name and returns the exit
 * code; never calls process.exit. Errors are handled in one place:
 * - usage errors (unknown command, missing argument): commander's message, exit 1
 *   (`--help` and `--version` exit 0);
 * - a SkillTrainerError: `error: <message>` without a stack, exit 1;
 * - anything else is a bug: the stack and a request to report it, exit 1.
 */
export async function runMain(argv: readonly string[], io: CliIo, commands: readonly CliCommand[] = cliCommands): Promise<number> {
  const context = { io, exitCode: 0 };
  const program = new Command('skill-trainer')
    .description('Train agent skill documents (SKILL.md) with the SkillOpt algorithm, from the command line.')
    .version(packageJson.version, '-v, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showHelpAfterError('(run with --help for usage)');
  for (const command of commands) command.register(program, context);

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return context.exitCode;
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) return error.exitCode; // commander already printed it
  if (isSkillTrainerError(error)) {
    io.stderr.write(`error: ${error.message}\n`);
    return 1;
  }
  const details = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  io.stderr.write(`${details}\n\nThis is a bug in skill-trainer. Please report it with the text above.\n`);
  return 1;
}
