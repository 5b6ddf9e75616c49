import { describe, expect, it } from 'vitest';
import { PROFILE_COMMANDS, bashCompletion, powershellCompletion } from './completion.js';

// No PowerShell on these machines: the script is checked as text against the
// same command table; bash asks `tempkey __complete` (run by bash in test/picker-completion).
const COMMANDS = ['exec', 'env', "o'dd", 'credentials configure', 'credentials rotate', 'profiles sync', 'profiles list'];

describe('PowerShell completion', () => {
  const ps = powershellCompletion(COMMANDS);
  it('registers one native completer for tempkey', () => {
    expect(ps).toContain('Register-ArgumentCompleter -Native -CommandName tempkey -ScriptBlock {');
    expect(ps.match(/\{/g)!.length).toBe(ps.match(/\}/g)!.length);
  });
  it('offers the same first words and sub-commands as bash, quoted for PowerShell', () => {
    expect(ps).toContain("$first = @('credentials', 'env', 'exec', 'o''dd', 'profiles')");
    expect(ps).toContain("'credentials' = @('configure', 'rotate')");
    expect(ps).toContain("'profiles' = @('list', 'sync')");
    // bash takes its words from `tempkey __complete` (the same command table, asked at TAB time).
    expect(bashCompletion(COMMANDS)).toContain('command tempkey __complete "$COMP_CWORD"');
  });
  it('asks tempkey for profile names at completion time, after --profile and for profile commands', () => {
    expect(ps).toContain('& tempkey profiles list --names 2>$null');
    expect(ps).toContain("$words[$i - 1] -eq '--profile'");
    for (const c of PROFILE_COMMANDS.filter((c) => !c.includes(' '))) expect(ps).toContain(`'${c}'`);
  });
});
