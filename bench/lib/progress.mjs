// Progress on stderr: a bar redrawn in place on a terminal; when piped, one
// plain line per round with that round's figures.
import { formatNumber } from './report.mjs';

export class Progress {
  constructor(totalRounds, stream = process.stderr) {
    this.total = totalRounds;
    this.done = 0;
    this.stream = stream;
    this.tty = Boolean(stream.isTTY);
    this.current = '';
    this.started = Date.now();
    // Rounds can take a minute: the elapsed time keeps moving meanwhile.
    this.timer = this.tty ? setInterval(() => this.draw(), 1000).unref() : null;
  }

  begin(name, rounds) {
    this.current = `${name} (${rounds} rounds)`;
    if (this.tty) this.draw();
    else this.stream.write(`${name}: setting up\n`);
  }

  round(mod, round, rounds, samples) {
    this.done++;
    this.current = `${mod.name} round ${round + 1}/${rounds}`;
    if (this.tty) return this.draw();
    const m = mod.metrics[0];
    const label = (id) => {
      const v = mod.variants.find((x) => x.id === id);
      return v.group ? `${v.group} ${v.label}` : v.label;
    };
    const figures = samples.map((s) => `${label(s.variant)} ${formatNumber(s.metrics[m.key], m.digits)}`);
    this.stream.write(`${this.current}: ${m.label}: ${figures.join(' · ')}\n`);
  }

  note(text) {
    if (this.tty) this.stream.write(`\r\x1b[2K${text}\n`);
    else this.stream.write(`${text}\n`);
    if (this.tty) this.draw();
  }

  draw() {
    const width = 30;
    const filled = Math.round((this.done / Math.max(1, this.total)) * width);
    const secs = Math.round((Date.now() - this.started) / 1000);
    this.stream.write(`\r\x1b[2K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.done}/${this.total} rounds, ${secs} s  ${this.current}`);
  }

  end() {
    clearInterval(this.timer);
    if (this.tty) this.stream.write('\r\x1b[2K');
  }
}
