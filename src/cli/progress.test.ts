import { describe, expect, it } from 'vitest';
import { progressBar } from './progress.js';

describe('progress bar', () => {
  it('draws in place on a terminal and ends the line', () => {
    let out = '';
    const bar = progressBar('Syncing', { enabled: true, write: (s) => (out += s), width: 10 });
    bar.update(5, 10, '20.0 req/s');
    bar.done();
    expect(out).toBe('\r\x1b[2KSyncing [#####.....] 5/10  20.0 req/s\n');
  });

  it('is silent when stderr is not a terminal', () => {
    let out = '';
    const bar = progressBar('Syncing', { enabled: false, write: (s) => (out += s) });
    bar.update(1, undefined);
    bar.done();
    expect(out).toBe('');
  });
});
