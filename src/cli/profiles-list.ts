import { projectHere } from './project-here.js';
import { defineCommand } from './command.js';
import { where } from '../lib/errors.js';
import { redact } from '../lib/redact.js';

const HELP = `Usage: tempkey profiles list [options]

Lists every profile of the AWS config and credentials files with its kind
(sso, assume-role, static, vault, process, web-identity), region and where it
is defined. Reads files only; no network. The listing is kept in tempkey's
cache and printed again while the files are unchanged.

Options:
      --project NAME   use the files of a Leverage-style project (~/.aws/NAME/)
      --json           machine-readable output
      --names          only the names, one a line (for scripts and completion)
  -h, --help           this help
`;

export interface ProfileListing {
  name: string;
  kind: string;
  region?: string;
  file: string;
  line: number;
}

export default defineCommand({
  name: 'profiles list',
  summary: 'list the profiles of the AWS config and credentials files',
  help: HELP,
  flags: { project: { type: 'string' }, names: { type: 'boolean' } },
  json: true,
  async run({ values, argv, io }) {
    const { loadProfileModel } = await import('../files/aws-files.js');
    const { locateAwsFiles } = await import('../files/paths.js');
    const project = await projectHere(values.project, io);
    // A large listing printed before from unchanged files is printed again (core/ui/listing-cache).
    const { listingInputs, readListing, rememberListing } = await import('../core/ui/listing-cache.js');
    const program = typeof __filename === 'string' ? __filename : undefined;
    const cache = listingInputs(io.env, { args: argv, project, files: locateAwsFiles(io.env, { project, cwd: io.cwd }) }, program);
    const cached = cache && readListing(cache);
    if (cached !== undefined) {
      if (io.stdoutBytes) io.stdoutBytes(cached);
      else io.stdout(cached.toString('utf8'));
      return 0;
    }
    const { mergedValue, profileOrigin } = await import('../files/profile-model.js');
    const { profileKinds } = await import('../resolve/profile-kind.js');
    const { model } = await loadProfileModel({ env: io.env, cwd: io.cwd, project });
    const kept: string[] | undefined = cache ? [] : undefined;
    const print = (text: string) => {
      io.stdout(text);
      kept?.push(text);
    };
    if (values.names) {
      // One name a line, for shell completion and scripts: no kind, region or settings needed.
      print([...model.profiles.keys()].map((name) => `${name}\n`).join(''));
    } else {
      const profiles = [...model.profiles.values()];
      const kinds = profileKinds(profiles, model);
      const rows: ProfileListing[] = profiles.map((p, i) => {
        const origin = profileOrigin(p)!;
        return { name: p.name, kind: kinds[i]!, region: mergedValue(p, 'region'), file: origin.file, line: origin.line };
      });
      if (values.json) print(JSON.stringify(redact(rows), null, 2) + '\n');
      else if (!rows.length) print(`No profiles in ${model.files.config} or ${model.files.credentials}. Run 'tempkey configure sso' to add some.\n`);
      else printTable(rows, print);
    }
    if (kept) await rememberListing(io.env, cache!, kept.join(''));
    return 0;
  },
});

function printTable(rows: ProfileListing[], print: (text: string) => void): void {
  let [wn, wk, wr] = ['PROFILE'.length, 'KIND'.length, 'REGION'.length];
  for (const r of rows) {
    wn = Math.max(wn, r.name.length);
    wk = Math.max(wk, r.kind.length);
    wr = Math.max(wr, (r.region ?? '-').length);
  }
  // Printed a few hundred lines at a time: 10,000 lines built as one string would all live until the end.
  let out = `${'PROFILE'.padEnd(wn)}  ${'KIND'.padEnd(wk)}  ${'REGION'.padEnd(wr)}  DEFINED AT\n`;
  for (const r of rows) {
    out += `${r.name.padEnd(wn)}  ${r.kind.padEnd(wk)}  ${(r.region ?? '-').padEnd(wr)}  ${where(r)}\n`;
    if (out.length > 65536) {
      print(out);
      out = '';
    }
  }
  print(out);
}
