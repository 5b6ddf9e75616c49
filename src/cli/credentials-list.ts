import { defineCommand } from './command.js';

const HELP = `Usage: tempkey credentials list [--json] [--project NAME]

Lists the IAM users' keys tempkey stores: vault item, where it is kept, the
access key id (masked) and the profiles that use it. Never shows a secret.
`;

export default defineCommand({
  name: 'credentials list',
  summary: 'list stored IAM user keys (masked) and the profiles using them',
  help: HELP,
  flags: { project: { type: 'string' } },
  json: true,
  async run({ values, profile, args, io }) {
    const { listStoredKeys } = await import('../core/iam/credentials-list.js');
    const keys = await listStoredKeys(io.env, io.cwd, values.project);
    if (values.json) {
      io.stdout(`${JSON.stringify(keys, null, 2)}\n`);
      return 0;
    }
    if (!keys.length) {
      io.stdout("No stored keys. Add some with 'tempkey credentials configure --profile NAME'.\n");
      return 0;
    }
    const w = Math.max(4, ...keys.map((k) => k.item.length));
    io.stdout(`${'ITEM'.padEnd(w)}  BACKEND           ACCESS KEY            PROFILES\n`);
    for (const k of keys) io.stdout(`${k.item.padEnd(w)}  ${k.backend.padEnd(16)}  ${k.accessKeyId.padEnd(20)}  ${k.profiles.join(', ') || '-'}\n`);
    return 0;
  },
});
