import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Real terraform for the Leverage end-to-end tests, offline: the AWS provider
 * comes from the machine's filesystem mirror through a test-owned CLI config
 * (the machine's TF_CLI_CONFIG_FILE may name a file that does not exist).
 * Missing terraform or provider is a failure with the reason, never a skip.
 */
const MIRRORS = ['/opt/tf-plugins', '/usr/share/terraform/plugins', '/usr/local/share/terraform/plugins', '/root/.terraform.d/plugins'];

export function terraformSetup(dir: string): { env: Record<string, string> } {
  let binary = '';
  try {
    binary = execFileSync('sh', ['-c', 'command -v terraform'], { encoding: 'utf8' }).trim();
  } catch {
    /* reported below */
  }
  if (!binary) throw new Error('terraform is not on PATH: these tests run real terraform (install it; the AWS provider must be in a filesystem mirror, e.g. /opt/tf-plugins)');
  const mirror = MIRRORS.find((m) => existsSync(join(m, 'registry.terraform.io/hashicorp/aws')));
  if (!mirror) throw new Error(`no AWS provider in a terraform filesystem mirror (looked for registry.terraform.io/hashicorp/aws under ${MIRRORS.join(', ')})`);
  const config = join(dir, 'terraform.tfrc');
  writeFileSync(
    config,
    `provider_installation {\n  filesystem_mirror {\n    path    = "${mirror}"\n    include = ["registry.terraform.io/hashicorp/*"]\n  }\n  direct {\n    exclude = ["registry.terraform.io/hashicorp/*"]\n  }\n}\n`,
  );
  return { env: { TF_CLI_CONFIG_FILE: config, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' } };
}

/** The -var-file arguments Leverage passes: every *.tfvars of config/ and of the account's config/. */
export function leverageVarFiles(root: string, account: string, names: { common: string[]; account: string[] }): string[] {
  return [...names.common.map((n) => join(root, 'config', n)), ...names.account.map((n) => join(root, account, 'config', n))].map((f) => `-var-file=${f}`);
}

/** A terraform state file with only outputs, as a remote state source. */
export function stateWithOutputs(outputs: Record<string, string>): string {
  return JSON.stringify({
    version: 4,
    terraform_version: '1.11.4',
    serial: 1,
    lineage: '00000000-0000-0000-0000-000000000000',
    outputs: Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, { value: v, type: 'string' }])),
    resources: [],
    check_results: null,
  });
}
