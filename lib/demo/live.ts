// The demo's output. On a terminal, each act has a block of a few lines
// that is redrawn in place (cursor up, erase down) as samples arrive, with
// lines that stay (events, results) printed above it. Piped, the same
// content comes as plain lines: a status line a second and the events,
// nothing to erase, no escape codes.
const ESC = '\x1b[';

export class Live {
  /** Lines of the block now on the terminal (0: none). */
  private drawn: string[] = [];
  private lastPlain = -Infinity;

  constructor(
    readonly tty: boolean,
    private readonly write: (s: string) => void = (s) => void process.stdout.write(s),
  ) {}

  bold(s: string): string {
    return this.tty ? `${ESC}1m${s}${ESC}0m` : s;
  }

  dim(s: string): string {
    return this.tty ? `${ESC}2m${s}${ESC}0m` : s;
  }

  /** A line that stays (above the live block, on a terminal). */
  line(s = ''): void {
    const block = this.drawn;
    this.erase();
    this.write(`${s}\n`);
    this.draw(block);
  }

  /**
   * The live block now. On a terminal it replaces the previous one; piped,
   * `plain` is printed instead, at most once every `everyMs`.
   */
  update(block: readonly string[], plain: string, nowMs: number, everyMs = 1000): void {
    if (this.tty) {
      this.erase();
      this.draw(block);
    } else if (nowMs - this.lastPlain >= everyMs) {
      this.lastPlain = nowMs;
      this.write(`${plain}\n`);
    }
  }

  /** Leaves the block as it is: what comes next goes below it. */
  keep(): void {
    this.drawn = [];
    this.lastPlain = -Infinity;
  }

  private erase(): void {
    if (this.drawn.length) this.write(`${ESC}${this.drawn.length}A${ESC}J`);
    this.drawn = [];
  }

  private draw(block: readonly string[]): void {
    if (!this.tty || block.length === 0) return;
    // A line the terminal wraps would take two rows, and the next erase one too few.
    const width = (process.stdout.columns || 80) - 1;
    this.write(block.map((l) => `${fit(l, width)}\n`).join(''));
    this.drawn = [...block];
  }
}

/** A bar of `width` cells for value/full, in eighths. */
export function bar(value: number, full: number, width = 20): string {
  const eighths = Math.max(0, Math.min(width * 8, Math.round((value / full) * width * 8)));
  const partial = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'][eighths % 8]!;
  const cells = '█'.repeat(Math.floor(eighths / 8)) + partial;
  return cells + ' '.repeat(width - [...cells].length);
}

export function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** `s` cut to `width` visible characters (escape codes kept, a reset added after a cut). */
function fit(s: string, width: number): string {
  let visible = 0;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const code = /^\x1b\[[0-9;]*m/.exec(s.slice(i));
    if (code) {
      out += code[0];
      i += code[0].length - 1;
      continue;
    }
    if (visible === width) return `${out}${ESC}0m`;
    out += s[i];
    visible++;
  }
  return out;
}
