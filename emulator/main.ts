import { parseArgs } from 'node:util';
import { startLocalAws } from './local-aws.js';
import { generatedDirectory, loadDirectory } from './directory.js';

// `node dist/emulator.js`: moto + the Identity Center emulator on one port,
// until interrupted. Prints one JSON line describing the world on stdout.
const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    accounts: { type: 'string' },
    roles: { type: 'string' },
    directory: { type: 'string' },
    'auto-approve': { type: 'boolean' },
    'enforce-auth': { type: 'boolean' },
    fault: { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write(
    `Usage: node dist/emulator.js [--port N] [--accounts N --roles N | --directory FILE.{json,yaml}] [--auto-approve] [--enforce-auth]\n` +
      `                             [--fault '{"operation":"ListAccounts","latencyMs":50,"rps":20}' ...]\n` +
      `Faults can also be set while running: POST /_emulator/faults with the same JSON.\n`,
  );
  process.exit(0);
}
const directory = values.directory
  ? await loadDirectory(values.directory)
  : values.accounts
    ? generatedDirectory(Number(values.accounts), Number(values.roles ?? 3))
    : undefined;
const faults = (values.fault ?? []).map((f) => {
  try {
    return JSON.parse(f) as { operation: string };
  } catch {
    process.stderr.write(`--fault: not JSON: ${f}\n`);
    process.exit(2);
  }
});
const world = await startLocalAws({
  faults,
  directory,
  port: values.port ? Number(values.port) : undefined,
  autoApprove: values['auto-approve'],
  enforceAuth: values['enforce-auth'],
});
process.stdout.write(
  JSON.stringify({ url: world.url, startUrl: world.directory.startUrl, region: world.directory.region, accounts: world.directory.accounts.length, iamUser: { userName: world.iamUser.userName, accessKeyId: world.iamUser.accessKeyId, mfaSerial: world.iamUser.mfaSerial } }) + '\n',
);
const stop = () => world.stop().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
