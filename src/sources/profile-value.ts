import { readFile } from 'node:fs/promises';
import { locateAwsFiles } from '../files/paths.js';

/**
 * Reads one value of one profile at run time (keys are read when a step runs,
 * never copied into the plan). `[profile X]` in the config file, `[X]` in the
 * credentials file; `[default]` in both. Minimal on purpose: only simple
 * `key = value` lines of the profile's own section.
 */
export async function readProfileValue(env: NodeJS.ProcessEnv, configFile: string | undefined, profile: string, key: string): Promise<string | undefined> {
  const file = configFile ?? locateAwsFiles(env).config;
  return readSectionValue(file, profile === 'default' ? ['default', 'profile default'] : [`profile ${profile}`], key);
}

export async function readSectionValue(file: string, sections: string[], key: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  let inSection = false;
  let found: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/^\uFEFF/, '');
    const header = line.match(/^\s*\[\s*([^\]]*?)\s*\]/);
    if (header) {
      inSection = sections.includes(header[1]!.replace(/\s+/g, ' '));
      continue;
    }
    if (!inSection || /^\s/.test(line)) continue; // indented lines are sub-section values
    const kv = line.match(/^([^=#;]+?)\s*=\s*(.*)$/);
    if (kv && kv[1]!.trim().toLowerCase() === key) found = kv[2]!.replace(/\s+[#;].*$/, '').trim();
  }
  return found;
}
