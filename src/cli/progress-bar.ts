/** Where progress goes: a terminal that can redraw a line, or a log that cannot. */
export interface ProgressOutput {
  write(text: string): void;
  /** True on an interactive terminal: redraw one line in place. */
  isTTY: boolean;
  /** Terminal width in characters, when known. */
  columns?: number;
}

/**
 * Progress of N units of work. On a terminal it redraws one line
 * (`[#####-----] 5/10  50%  <status>`); elsewhere (CI logs, pipes) it prints one plain
 * line per finished unit, so logs stay readable.
 */
export class ProgressBar {
  private done = 0;
  private drawn = false;
  private lastStatus = '';

  constructor(
    private readonly output: ProgressOutput,
    private readonly total: number,
    /** Characters of the bar itself. */
    private readonly barWidth = 24,
  ) {}

  /**
   * Records one finished unit. `line` is what a log gets (one line per unit);
   * `status` is the short text shown after the bar on a terminal.
   */
  tick(line: string, status = ''): void {
    this.done += 1;
    if (this.output.isTTY) this.draw(status);
    else this.output.write(`[${this.done}/${this.total}] ${line}\n`);
  }

  /** Prints a message above the bar without garbling it. */
  log(message: string): void {
    if (this.output.isTTY && this.drawn) this.output.write('\r\x1b[2K');
    this.output.write(`${message}\n`);
    if (this.output.isTTY && this.drawn) this.draw(this.lastStatus);
  }

  /** Clears the bar so the next output starts on a clean line. */
  finish(): void {
    if (this.output.isTTY && this.drawn) this.output.write('\r\x1b[2K');
    this.drawn = false;
  }

  private draw(status: string): void {
    this.lastStatus = status;
    const fraction = this.total === 0 ? 1 : this.done / this.total;
    const filled = Math.round(fraction * this.barWidth);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(this.barWidth - filled)}]`;
    let text = `${bar} ${this.done}/${this.total}  ${Math.floor(fraction * 100)}%${status ? `  ${status}` : ''}`;
    const columns = this.output.columns;
    if (columns && text.length > columns - 1) text = text.slice(0, columns - 1);
    this.output.write(`\r\x1b[2K${text}`);
    this.drawn = true;
  }
}
