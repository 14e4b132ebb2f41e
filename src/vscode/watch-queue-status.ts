/**
 * The queue's line on a run's progress notification (single and library runs alike):
 * "1 worker · 4 jobs running, 12 waiting", looked up every 2 s while the run trains.
 */
import { describeQueueStatus, type QueueStatus } from '../core/queue';

/** ms between looks at the queue (workers report their load every 3 s). */
const QUEUE_STATUS_INTERVAL_MS = 2_000;

/**
 * Calls `onText` with the queue's line after each look; a look that fails (Redis away
 * for a moment) keeps the last line. Returns the function that stops looking.
 */
export function watchQueueStatus(queueStatus: (() => Promise<QueueStatus>) | undefined, onText: (text: string) => void): () => void {
  if (!queueStatus) return () => undefined;
  const timer = setInterval(() => void queueStatus().then((status) => onText(describeQueueStatus(status)), () => undefined), QUEUE_STATUS_INTERVAL_MS);
  return () => clearInterval(timer);
}
