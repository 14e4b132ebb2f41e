/**
 * A real queue for the VS Code suite: a redis-server (scripts/redis/install.sh) and a
 * `skill-trainer worker` process started from the repository, as a person runs them.
 */
import { startWorker, workerReady, type CliProcess } from '../../support/cli-processes';
import { startTestRedis, type TestRedis } from '../../support/redis-server';

export { freePort as closedPort } from '../../support/redis-server';

/** The repository the suite was built from (set by scripts/vscode-test/build-test-bundles.mjs). */
declare const SKILL_TRAINER_REPO_ROOT: string;

export interface QueueTestBed {
  redis: TestRedis;
  worker: CliProcess;
  workerName: string;
  /** Stops the worker (SIGTERM, as Ctrl-C) and Redis. */
  stop(): Promise<void>;
}

/** Redis, then one worker, resolved once the worker said it is up. */
export async function startQueueTestBed(workerName: string): Promise<QueueTestBed> {
  const redis = await startTestRedis();
  // The worker's simulated calls answer at once: the test is about where they run.
  const worker = startWorker(redis.url, workerName, { latencyMs: 0, cwd: SKILL_TRAINER_REPO_ROOT });
  try {
    await Promise.race([workerReady(worker), worker.exited.then(({ code }) => Promise.reject(new Error(`the worker exited (${code}) before it was up:\n${worker.stderr()}`)))]);
  } catch (error) {
    await worker.kill();
    await redis.stop();
    throw error;
  }
  return {
    redis,
    worker,
    workerName,
    async stop() {
      // A worker lets its jobs finish on SIGTERM; one that does not stop within 10 s is killed.
      await Promise.race([worker.kill('SIGTERM'), new Promise((resolve) => setTimeout(resolve, 10_000))]);
      await worker.kill();
      await redis.stop();
    },
  };
}
