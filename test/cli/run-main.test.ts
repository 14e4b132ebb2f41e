import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CliCommand } from '../../src/cli/cli-command';
import { createCapturedIo } from '../../src/cli/cli-io';
import { runMain } from '../../src/cli/run-main';
import { SkillTrainerError } from '../../src/core/errors';
import packageJson from '../../package.json';

/** A command whose action does whatever the test needs. */
function commandThat(action: (context: { exitCode: number }) => void | Promise<void>): CliCommand {
  return {
    register(program, context) {
      program.command('try').action(async () => action(context));
    },
  };
}

test('--version and --help print to stdout and exit 0', async () => {
  const io = createCapturedIo();
  assert.equal(await runMain(['--version'], io), 0);
  assert.equal(io.stdoutText, `${packageJson.version}\n`);
  const help = createCapturedIo();
  assert.equal(await runMain(['--help'], help), 0);
  assert.match(help.stdoutText, /Usage: skill-trainer/);
  assert.match(help.stdoutText, /validate <skill-dir>/);
});

test('usage errors exit 1 with commander\'s message and a hint', async () => {
  const io = createCapturedIo();
  assert.equal(await runMain(['validat', 'x'], io), 1);
  assert.match(io.stderrText, /unknown command 'validat'/);
  assert.match(io.stderrText, /Did you mean validate\?/);
  const missing = createCapturedIo();
  assert.equal(await runMain(['validate'], missing), 1);
  assert.match(missing.stderrText, /missing required argument 'skill-dir'/);
  assert.equal(await runMain([], createCapturedIo()), 1, 'no command shows help and fails');
});

test('an action sets the exit code', async () => {
  const io = createCapturedIo();
  assert.equal(await runMain(['try'], io, [commandThat((context) => void (context.exitCode = 3))]), 3);
  assert.equal(await runMain(['try'], io, [commandThat(() => undefined)]), 0);
});

test('a SkillTrainerError prints its message without a stack and exits 1', async () => {
  const io = createCapturedIo();
  const code = await runMain(['try'], io, [
    commandThat(() => {
      throw new SkillTrainerError('missing_api_key', 'No API key for openai: set OPENAI_API_KEY.');
    }),
  ]);
  assert.equal(code, 1);
  assert.equal(io.stderrText, 'error: No API key for openai: set OPENAI_API_KEY.\n');
  assert.equal(io.stdoutText, '');
});

test('any other error is a bug: its stack is printed with a request to report it', async () => {
  const io = createCapturedIo();
  const code = await runMain(['try'], io, [
    commandThat(async () => {
      throw new TypeError('cannot read x of undefined');
    }),
  ]);
  assert.equal(code, 1);
  assert.match(io.stderrText, /^TypeError: cannot read x of undefined\n\s+at /);
  assert.match(io.stderrText, /This is a bug in skill-trainer/);
});
