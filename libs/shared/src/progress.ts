/** A progress bar with a rate, for long jobs on a terminal (stderr); one line per update elsewhere. */
export class Progress {
  private readonly started = Date.now();
  private lastDraw = 0;
  private lastDone = -1;

  constructor(
    private readonly label: string,
    private readonly unit: string,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number, total: number, force = false): void {
    const now = Date.now();
    if (!force && now - this.lastDraw < 200) return;
    if (done === this.lastDone) return; // the same line twice says nothing new
    this.lastDraw = now;
    this.lastDone = done;
    const ratio = total > 0 ? Math.min(1, done / total) : 1;
    const width = 30;
    const filled = Math.round(ratio * width);
    const rate = Math.round((done * 1000) / Math.max(1, now - this.started));
    const line = `${this.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(ratio * 100).toFixed(1)}% ${done}/${total} ${this.unit} ${rate.toLocaleString('en')} ${this.unit}/s`;
    if (this.out.isTTY) this.out.write(`\r${line}`);
    else this.out.write(`${line}\n`);
  }

  done(done: number, total: number): void {
    this.update(done, total, true);
    if (this.out.isTTY) this.out.write('\n');
  }
}
