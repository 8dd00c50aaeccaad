/**
 * Progress of a long command: on a terminal one line redrawn in place, elsewhere (a log, a pipe) one
 * plain line per step, so that neither shows a wall of control characters.
 */
export class Progress {
  private readonly interactive: boolean;
  /** Whether a line is drawn on the terminal that `finish` must end. */
  private drawing = false;

  constructor(
    private readonly noun: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.interactive = stream.isTTY === true;
  }

  update(done: number, total: number, verb: string): void {
    const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
    const width = 30;
    const filled = Math.round((percent / 100) * width);
    const counts = `${verb} ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} ${this.noun} (${percent}%)`;
    if (this.interactive) this.stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${counts}`);
    else this.stream.write(`${counts}\n`);
    this.drawing = this.interactive;
  }

  /** Ends the in-place line on a terminal, so that what follows (a summary, an error) starts on a line of its own. */
  finish(): void {
    if (this.drawing) this.stream.write('\n');
    this.drawing = false;
  }
}
