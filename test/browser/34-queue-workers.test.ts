import { startWorker, workerReady, type CliProcess } from '../support/cli-processes';
import { startTestRedis, type TestRedis } from '../support/redis-server';
import { useDesktopSettingsInSuite } from './support/suite-settings';
import { addWorkspaceSettings, openOptimizeSelectedSkills } from './support/library-workspace';
import { clearEditorsAndNotifications, notification, openActivityBarContainer, UI_TIMEOUT_MS, viewPane } from './support/workbench-actions';
import { workbench } from './support/workbench-session';

/** Two simulated skills of one epoch each, their target calls on one slow worker (ms). */
const LIBRARY_TIMEOUT_MS = 170_000;
const WORKER = 'browser-worker';

/**
 * skillTrainer.queue.url set to a real redis-server with one `skill-trainer worker`
 * process: a library run's rollouts run there, the progress notification says so, and
 * the Training Queue's "Queue" section lists the worker and the target's jobs.
 */
describe('library: the Training Queue shows the queue of workers', () => {
  let redis: TestRedis | undefined;
  let worker: CliProcess | undefined;

  before(async () => {
    redis = await startTestRedis();
    // Slow target calls (300 ms each, two at once) keep jobs running and waiting long enough to be seen.
    worker = startWorker(redis.url, WORKER, { latencyMs: 300, concurrency: 2 });
    await workerReady(worker);
  });
  useDesktopSettingsInSuite();
  after(async () => {
    await worker?.kill('SIGTERM');
    await redis?.stop();
  });

  it('trains on the worker and lists it with its jobs', async () => {
    const { page, screenshot, workspacePath } = workbench();
    // The desktop settings go back after this file, the queue URL with them.
    addWorkspaceSettings(workspacePath, { 'skillTrainer.queue.url': redis!.url });
    await clearEditorsAndNotifications(page);
    await openActivityBarContainer(page, 'Skill Trainer');
    const queue = viewPane(page, 'Training Queue');
    const queueHeading = queue.getByRole('treeitem', { name: /^Queue/ });
    await queueHeading.waitFor({ timeout: UI_TIMEOUT_MS });

    const { dialog } = await openOptimizeSelectedSkills(page);
    await dialog.getByRole('button', { name: 'Start Training' }).click();

    // The worker busy with the run's jobs, as its heartbeat and the target's queue say.
    await queue.getByRole('treeitem', { name: new RegExp(`^Worker ${WORKER}, [12]/2 running · \\d+ done · sim:demo`) }).waitFor({ timeout: LIBRARY_TIMEOUT_MS });
    await queue.getByRole('treeitem', { name: /^Target sim:demo, [12] running · \d+ waiting/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    await notification(page, /1 worker · \d+ jobs? running, \d+ waiting/).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.mouse.move(5, 5);
    await screenshot('71-training-queue-workers-busy');

    await notification(page, /Library run finished: 2 finished/).waitFor({ timeout: LIBRARY_TIMEOUT_MS });
    await queue.hover();
    await queue.getByRole('button', { name: 'Refresh Queue Workers' }).click({ timeout: UI_TIMEOUT_MS });
    const idle = queue.getByRole('treeitem', { name: new RegExp(`^Worker ${WORKER}, 0/2 running · [1-9]\\d* done`) });
    await idle.waitFor({ timeout: UI_TIMEOUT_MS });
    // The row is cut at the sidebar's width: its tooltip has the whole of it.
    await idle.hover();
    const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: `Worker ${WORKER}` });
    await hover.first().getByText(/Last heartbeat: \d{4}-/).waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot('72-training-queue-worker-tooltip');
    await page.mouse.move(5, 5);
  });

  it('says in one row when the queue cannot be reached', async () => {
    const { page, screenshot } = workbench();
    await worker!.kill('SIGTERM');
    await redis!.stop();
    const queue = viewPane(page, 'Training Queue');
    await queue.hover();
    await queue.getByRole('button', { name: 'Refresh Queue Workers' }).click({ timeout: UI_TIMEOUT_MS });
    // The look gives Redis 10 s to answer before it says so.
    const unreachable = queue.getByRole('treeitem', { name: /^Cannot reach the queue at redis:\/\/127\.0\.0\.1:\d+/ });
    await unreachable.waitFor({ timeout: 30_000 });
    await page.mouse.move(5, 5);
    await screenshot('73-training-queue-unreachable');
    await unreachable.hover();
    await page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Could not reach Redis' }).first().getByText(/empty the setting to train in VS Code/).waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot('74-training-queue-unreachable-tooltip');
    await page.mouse.move(5, 5);
  });
});
