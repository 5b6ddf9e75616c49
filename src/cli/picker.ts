import type { CliIo } from './io.js';
import { TempkeyError } from '../lib/errors.js';
import { rankCandidates } from '../lib/fuzzy.js';

/**
 * An interactive fuzzy picker on the terminal: type words to filter (every
 * word must match), ↑/↓ (or Ctrl-P/Ctrl-N) to move, the list scrolls past its
 * ten rows, Ctrl-U clears the query, Ctrl-W deletes a word, Enter chooses, Esc
 * or Ctrl-C cancels. Drawn on stderr so stdout stays clean for the command's
 * own output. The state machine is apart from the terminal (PickerState).
 */
export const VISIBLE_ROWS = 10;

export class PickerState {
  query = '';
  index = 0;
  offset = 0;
  matches: string[] = [];

  constructor(
    readonly title: string,
    readonly candidates: string[],
    readonly recent: string[],
    /** Listed first and chosen by Enter when nothing is typed ('default'). */
    readonly preselected?: string,
  ) {
    this.refilter();
  }

  private refilter(): void {
    const ranked = rankCandidates(this.query, this.candidates, this.recent);
    const pre = this.preselected;
    this.matches = !this.query.trim() && pre && ranked.includes(pre) ? [pre, ...ranked.filter((m) => m !== pre)] : ranked;
    this.index = 0;
    this.offset = 0;
  }

  private move(by: number): void {
    this.index = Math.max(0, Math.min(this.matches.length - 1, this.index + by));
    if (this.index < this.offset) this.offset = this.index;
    if (this.index >= this.offset + VISIBLE_ROWS) this.offset = this.index - VISIBLE_ROWS + 1;
  }

  /** Feeds typed input (several keys may come in one chunk); returns what happened. */
  feed(input: string): 'choose' | 'cancel' | undefined {
    for (let i = 0; i < input.length; i++) {
      const ch = input[i]!;
      if (ch === '\x1b') {
        const seq = /^\x1b[[O]([0-9;]*[A-Za-z~])/.exec(input.slice(i));
        if (!seq) return 'cancel'; // Esc alone
        const key = seq[1];
        if (key === 'A') this.move(-1);
        else if (key === 'B') this.move(1);
        else if (key === '5~') this.move(-VISIBLE_ROWS);
        else if (key === '6~') this.move(VISIBLE_ROWS);
        i += seq[0].length - 1;
      } else if (ch === '\x03') return 'cancel';
      else if (ch === '\r' || ch === '\n') return 'choose';
      else if (ch === '\x10') this.move(-1);
      else if (ch === '\x0e') this.move(1);
      else if (ch === '\x15') {
        this.query = '';
        this.refilter();
      } else if (ch === '\x17') {
        this.query = this.query.replace(/\S*\s*$/, '');
        this.refilter();
      } else if (ch === '\x7f' || ch === '\b') {
        this.query = this.query.slice(0, -1);
        this.refilter();
      } else if (ch >= ' ' && ch !== '\x7f') {
        this.query += ch;
        this.refilter();
      }
    }
    return undefined;
  }

  get choice(): string | undefined {
    return this.matches[this.index];
  }

  /** The lines to show: the header, the visible rows, then the prompt (no newline after it). */
  render(columns = 80): { lines: string[]; prompt: string } {
    const cut = (s: string) => (s.length > columns - 1 ? `${s.slice(0, Math.max(0, columns - 2))}…` : s);
    const shown = this.matches.slice(this.offset, this.offset + VISIBLE_ROWS);
    const more = this.matches.length > VISIBLE_ROWS ? `, ${this.offset + 1}-${this.offset + shown.length} shown` : '';
    const rows = shown.map((m, i) => {
      const selected = this.offset + i === this.index;
      const text = cut(`${selected ? '>' : ' '} ${m}${m === this.preselected ? '  (default)' : ''}`);
      return selected ? `\x1b[7m${text}\x1b[0m` : text;
    });
    return { lines: [cut(`${this.title} (${this.matches.length}/${this.candidates.length}${more})`), ...rows], prompt: `Profile> ${this.query}` };
  }
}

export async function pickFromList(title: string, candidates: string[], recent: string[], io: CliIo, preselected?: string): Promise<string> {
  const stdin = process.stdin;
  const write = (s: string) => process.stderr.write(s);
  const state = new PickerState(title, candidates, recent, preselected);
  let drawn = 0;
  const draw = () => {
    const { lines, prompt } = state.render(process.stderr.columns || 80);
    // Back to column 0 of the header, clear to the end of the screen, draw again.
    write(`${drawn ? `\r\x1b[${drawn}A` : '\r'}\x1b[J${lines.join('\r\n')}\r\n${prompt}`);
    drawn = lines.length;
  };
  return new Promise((resolve, reject) => {
    stdin.setRawMode?.(true);
    stdin.resume();
    draw();
    const finish = (fn: () => void) => {
      stdin.setRawMode?.(false);
      stdin.pause();
      stdin.off('data', onData);
      write('\r\n');
      fn();
    };
    const onData = (buf: Buffer) => {
      const what = state.feed(buf.toString('utf8'));
      if (what === 'cancel') return finish(() => reject(new TempkeyError('CANCELLED', 'No profile chosen.', { exitCode: 130 })));
      if (what === 'choose') {
        const choice = state.choice;
        return finish(() => (choice ? resolve(choice) : reject(new TempkeyError('NO_MATCH', `No profile matches '${state.query}'.`, { fix: 'tempkey profiles list' }))));
      }
      draw();
    };
    stdin.on('data', onData);
    void io;
  });
}

/**
 * The profile to use when none was named: a picker on a terminal, else
 * undefined (the usual default applies). On the terminal `default`, when it
 * exists, is preselected: Enter picks what the same command picks without one.
 */
export async function pickProfileIfInteractive(io: CliIo, opts: { project?: string; only?: 'sso' } = {}): Promise<string | undefined> {
  if (!io.stdinIsTTY || !process.stderr.isTTY || io.env.AWS_PROFILE || io.env.TEMPKEY_NO_PICKER === '1') return undefined;
  const { profileChoices } = await import('../core/ui/profile-choices.js');
  const choices = await profileChoices({ env: io.env, cwd: io.cwd, project: opts.project, only: opts.only });
  if (choices.names.length < 2) return undefined;
  return pickFromList(opts.only === 'sso' ? 'Choose an IAM Identity Center profile' : 'Choose a profile', choices.names, choices.recent, io, choices.preselected);
}
