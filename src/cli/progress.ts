/**
 * A one-line progress bar for long commands, drawn on stderr only when stderr
 * is a terminal (redrawn in place with \r, at most every 100 ms); silent
 * otherwise, so pipes and CI logs stay clean.
 */
export interface ProgressBar {
  update(done: number, total: number | undefined, note?: string): void;
  done(): void;
}

export function progressBar(label: string, opts: { enabled: boolean; write: (s: string) => void; width?: number }): ProgressBar {
  if (!opts.enabled) return { update() {}, done() {} };
  const width = opts.width ?? 30;
  let last = 0;
  let drawn = false;
  let pending: string | undefined;
  const draw = (line: string) => {
    opts.write(`\r\x1b[2K${line}`);
    drawn = true;
  };
  return {
    update(done, total, note) {
      const frac = total ? Math.min(1, done / total) : 0;
      const filled = Math.round(frac * width);
      const bar = total ? `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]` : '[' + '.'.repeat(width) + ']';
      pending = `${label} ${bar} ${done}/${total ?? '?'}${note ? `  ${note}` : ''}`;
      const now = Date.now();
      if (now - last >= 100) {
        last = now;
        draw(pending);
        pending = undefined;
      }
    },
    done() {
      if (pending) draw(pending);
      if (drawn) opts.write('\n');
    },
  };
}
