import { defineCommand } from './command.js';
import { readIniFile } from '../files/ini-file.js';
import { TempkeyError } from '../lib/errors.js';
import { redact } from '../lib/redact.js';
import { resolve } from 'node:path';

const HELP = `Usage: tempkey config parse FILE [--json] [--show-secrets]

Reads an AWS config or credentials file the way the AWS CLI (botocore) does
and prints every section with its keys; nested blocks (s3 =) as objects.
Exits non-zero, naming the line, where the AWS CLI would refuse the file.
Secret values (aws_secret_access_key, aws_session_token) are masked unless
--show-secrets is given.
`;

export default defineCommand({
  name: 'config parse',
  summary: 'read an AWS config/credentials file as the AWS CLI does and print it',
  help: HELP,
  flags: { 'show-secrets': { type: 'boolean' } },
  args: ['FILE'],
  json: true,
  async run({ values, profile, args, io }) {
    const file = resolve(io.cwd, args.FILE!);
    const doc = await readIniFile(file);
    if (!doc) throw new TempkeyError('FILE_MISSING', `${file} does not exist.`, { location: { file }, fix: 'Check the path.' });
    const raw = values['show-secrets'] ? doc.toRaw() : redact(doc.toRaw());
    if (values.json) {
      io.stdout(`${JSON.stringify(raw, null, 2)}\n`);
      return 0;
    }
    for (const [section, keys] of Object.entries(raw)) {
      io.stdout(`[${section}]\n`);
      for (const [k, v] of Object.entries(keys)) {
        if (typeof v === 'string') io.stdout(`  ${k} = ${v}\n`);
        else {
          io.stdout(`  ${k} =\n`);
          for (const [sk, sv] of Object.entries(v)) io.stdout(`    ${sk} = ${sv}\n`);
        }
      }
    }
    return 0;
  },
});
