import type { CliIo } from './io.js';
import { TempkeyError } from '../lib/errors.js';
import { rankCandidates } from '../lib/fuzzy.js';

/**
 * An interactive fuzzy picker on the terminal: type to filter, ↑/↓ to move,
 * Enter to choose, Esc or Ctrl-C to cancel. Drawn on stderr so stdout stays
 * clean for the command's own output.
 */
export async function pickFromList(title: string, candidates: string[], recent: string[], io: CliIo): Promise<string> {
  const stdin = process.stdin;
  const write = (s: string) => process.stderr.write(s);
  let query = '';
  let index = 0;
  let drawn = 0;
  const visible = 10;
  const draw = () => {
    const matches = rankCandidates(query, candidates, recent);
    index = Math.min(index, Math.max(0, matches.length - 1));
    if (drawn) write(`\x1b[${drawn}A\x1b[J`);
    const rows = matches.slice(0, visible).map((m, i) => `${i === index ? '\x1b[7m>' : ' '} ${m}\x1b[0m`);
    const lines = [`${title} (${matches.length}/${candidates.length})`, ...rows];
    write(lines.join('\n') + `\n${'Profile> '}${query}`);
    drawn = lines.length;
    return matches;
  };
  return new Promise((resolve, reject) => {
    stdin.setRawMode?.(true);
    stdin.resume();
    let matches = draw();
    const finish = (fn: () => void) => {
      stdin.setRawMode?.(false);
      stdin.pause();
      stdin.off('data', onData);
      write('\n');
      fn();
    };
    const cancel = () => finish(() => reject(new TempkeyError('CANCELLED', 'No profile chosen.', { exitCode: 130 })));
    const choose = () => {
      const choice = matches[index];
      finish(() => (choice ? resolve(choice) : reject(new TempkeyError('NO_MATCH', `No profile matches '${query}'.`, { fix: 'tempkey profiles list' }))));
    };
    // Keys may arrive several to a chunk (typed fast, pasted): handle them in order.
    const onData = (buf: Buffer) => {
      const s = buf.toString('utf8');
      for (let i = 0; i < s.length; i++) {
        const ch = s[i]!;
        if (ch === '\x1b') {
          if (s.startsWith('\x1b[A', i)) index = Math.max(0, index - 1);
          else if (s.startsWith('\x1b[B', i)) index = Math.min(Math.min(visible, matches.length) - 1, index + 1);
          else return cancel();
          i += 2;
        } else if (ch === '\x03') return cancel();
        else if (ch === '\r' || ch === '\n') {
          matches = rankCandidates(query, candidates, recent);
          return choose();
        } else if (ch === '\x7f' || ch === '\b') query = query.slice(0, -1);
        else if (ch >= ' ' && ch <= '~') {
          query += ch;
          index = 0;
        }
        matches = rankCandidates(query, candidates, recent);
      }
      matches = draw();
    };
    stdin.on('data', onData);
    void io;
  });
}

/** The profile to use when none was named: a picker on a terminal, else undefined (the usual default applies). */
export async function pickProfileIfInteractive(io: CliIo, opts: { project?: string } = {}): Promise<string | undefined> {
  if (!io.stdinIsTTY || !process.stderr.isTTY || io.env.AWS_PROFILE || io.env.TEMPKEY_NO_PICKER === '1') return undefined;
  const { loadProfileModel } = await import('../files/aws-files.js');
  const { model } = await loadProfileModel({ env: io.env, cwd: io.cwd, project: opts.project });
  const names = [...model.profiles.keys()];
  if (names.length < 2) return undefined;
  const { recentProfiles } = await import('../core/ui/mru.js');
  return pickFromList('Choose a profile', names, await recentProfiles(io.env), io);
}
