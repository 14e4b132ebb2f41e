import type { Command } from 'commander';
import type { CliIo } from './cli-io';

/** What a command's action may use: the IO and the exit code it sets. */
export interface CliContext {
  io: CliIo;
  /** The process exit code; 0 unless an action sets it. */
  exitCode: number;
}

/**
 * One `skill-trainer <name>` command in its own file. `register` adds it to the program
 * (name, arguments, options, help, action); the action sets `context.exitCode`. Errors
 * thrown from the action are reported by runMain: a SkillTrainerError prints its
 * message and exits 1, anything else is a bug and prints its stack.
 */
export interface CliCommand {
  register(program: Command, context: CliContext): void;
}
