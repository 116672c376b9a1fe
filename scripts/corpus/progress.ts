/**
 * A progress bar on stderr. On a terminal it redraws one line; elsewhere (CI
 * logs) it prints a line at every tenth, so logs stay short.
 */
export class Progress {
  private readonly started = Date.now();
  private lastTenth = -1;
  private lastDraw = 0;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number) {
    const fraction = this.total ? Math.min(1, done / this.total) : 1;
    const elapsed = (Date.now() - this.started) / 1000;
    const rate = elapsed > 0 ? done / elapsed : 0;
    const eta = rate > 0 ? (this.total - done) / rate : 0;
    const text = `${this.label} ${done.toLocaleString('en-US')}/${this.total.toLocaleString('en-US')} ${Math.round(rate).toLocaleString('en-US')}/s ETA ${eta.toFixed(0)}s`;
    if (this.stream.isTTY) {
      const now = Date.now();
      if (now - this.lastDraw < 100 && done < this.total) return;
      this.lastDraw = now;
      const width = 30;
      const filled = Math.round(fraction * width);
      this.stream.write(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${text}\x1b[K`);
    } else {
      const tenth = Math.floor(fraction * 10);
      if (tenth === this.lastTenth) return;
      this.lastTenth = tenth;
      this.stream.write(`${(fraction * 100).toFixed(0).padStart(3)}% ${text}\n`);
    }
  }

  done(note = '') {
    this.update(this.total);
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
    this.stream.write(`${this.stream.isTTY ? '\n' : ''}${this.label} done in ${seconds}s${note ? ` ${note}` : ''}\n`);
  }
}
