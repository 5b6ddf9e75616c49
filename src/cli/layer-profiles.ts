import { defineCommand } from './command.js';
import { TempkeyError } from '../lib/errors.js';

const HELP = `Usage: tempkey layer profiles [DIR] [--json]

Lists every AWS profile a terraform layer uses, with the file and line it comes
from: the backend's (the account's config/backend.tfvars or the backend block),
each provider "aws" block's (aliases included) and each terraform_remote_state's.
\${var.x} is resolved from the project's tfvars, local.x from the layer's locals.
`;

export default defineCommand({
  name: 'layer profiles',
  summary: 'list the AWS profiles a terraform layer uses, with file:line',
  help: HELP,
  flags: {},
  args: ['DIR?'],
  json: true,
  async run({ values, args, io }) {
    const { resolve } = await import('node:path');
    const dir = resolve(io.cwd, args.DIR ?? '.');
    const { findProject } = await import('../project/detect.js');
    const project = await findProject(dir, io.env);
    if (!project) throw new TempkeyError('NOT_IN_PROJECT', `${dir} is not inside a Leverage-style project.`, { fix: 'Run it in a layer directory of the project.' });
    const { readLayer } = await import('../project/layer.js');
    const layer = await readLayer(dir, project);
    if (values.json) {
      io.stdout(JSON.stringify(layer, null, 2) + '\n');
      return layer.unresolved.length ? 1 : 0;
    }
    const rows = layer.profiles.map((p) => [p.profile, p.kind + (p.alias ? ` (${p.alias})` : ''), `${p.file}:${p.line}`]);
    const w0 = Math.max(7, ...rows.map((r) => r[0]!.length));
    const w1 = Math.max(4, ...rows.map((r) => r[1]!.length));
    io.stdout([['PROFILE', 'USED BY', 'WHERE'], ...rows].map((r) => `${r[0]!.padEnd(w0)}  ${r[1]!.padEnd(w1)}  ${r[2]}`).join('\n') + '\n');
    for (const u of layer.unresolved) io.stderr(`tempkey: ${u.file}:${u.line}: cannot resolve the profile ${u.expression}\n`);
    return layer.unresolved.length ? 1 : 0;
  },
});
