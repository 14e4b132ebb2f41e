/** The `skill-trainer` command: the real process around runMain. */
import { processExitCode, processIo } from './cli-io';
import { runMain } from './run-main';

const io = processIo();
void runMain(process.argv.slice(2), io).then((code) => {
  process.exitCode = processExitCode(code, io.stoppedBy());
});
