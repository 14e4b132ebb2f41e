/** Suite code (a check or a transform) that ran past its wall-time limit. */
export class CodeTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`it ran longer than ${timeoutMs} ms and was stopped; make it faster (or loop-free)`);
  }
}
