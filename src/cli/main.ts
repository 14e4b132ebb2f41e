/** The `skill-trainer` command: the real process around runMain. */
import { processIo } from './cli-io';
import { runMain } from './run-main';

void runMain(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
});
