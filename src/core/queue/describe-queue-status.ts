import type { QueueStatus } from './rollout-queue';

/** "2 workers · 5 jobs running, 3 waiting": the queue on a progress line (CLI and VS Code). */
export function describeQueueStatus(status: QueueStatus): string {
  return `${status.workers} worker${status.workers === 1 ? '' : 's'} · ${status.active} job${status.active === 1 ? '' : 's'} running, ${status.waiting} waiting`;
}
