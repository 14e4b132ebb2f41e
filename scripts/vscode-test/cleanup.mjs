// Everything the harness starts is registered here and torn down once: on normal
// exit, on failure, and on Ctrl-C / SIGTERM. Cleanups run newest first.
const cleanups = [];
/** Process groups to kill synchronously if Node exits before async cleanup ran. */
const processGroups = new Set();
let cleaning;
/** Prefix of the messages printed here; the demo sets its own. */
let label = 'vscode-test';
/** Exit code after a signal; undefined: the usual 128 + signal number. */
let signalExitCode;

/**
 * Adapts the messages and the exit after Ctrl-C to another script than the test
 * harness: `{ label: 'demo', signalExitCode: 0 }` makes Ctrl-C a normal way to stop.
 */
export function configureCleanup(options) {
  label = options.label ?? label;
  if ('signalExitCode' in options) signalExitCode = options.signalExitCode;
}

/** Registers an async cleanup; returns a function that unregisters it. */
export function onCleanup(cleanup) {
  cleanups.push(cleanup);
  return () => {
    const index = cleanups.indexOf(cleanup);
    if (index >= 0) cleanups.splice(index, 1);
  };
}

/** Remembers a detached child's process group, so no exit path leaves it running. */
export function trackProcessGroup(pid) {
  processGroups.add(pid);
  return () => processGroups.delete(pid);
}

/** Runs every registered cleanup once (later calls wait for the first). */
export function runCleanups() {
  cleaning ??= (async () => {
    while (cleanups.length > 0) {
      const cleanup = cleanups.pop();
      try {
        await cleanup();
      } catch (error) {
        console.error(`${label}: cleanup failed: ${error?.message ?? error}`);
      }
    }
  })();
  return cleaning;
}

function killProcessGroupsNow() {
  for (const pid of processGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  processGroups.clear();
}

for (const [signal, exitCode] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
]) {
  process.once(signal, () => {
    console.error(`\n${label}: ${signal}: stopping everything ${label === 'vscode-test' ? 'the harness' : 'it'} started`);
    const code = signalExitCode ?? exitCode;
    // A second signal, or a cleanup that hangs, must not keep children alive.
    const forceExit = setTimeout(() => {
      killProcessGroupsNow();
      process.exit(code);
    }, 10_000);
    forceExit.unref();
    runCleanups().finally(() => {
      killProcessGroupsNow();
      process.exit(code);
    });
  });
}
process.on('exit', killProcessGroupsNow);
