import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, run, type RunResult } from '../helpers/run.js';

/**
 * The official clients of the interop suite, each driven the same way: with
 * HOME and AWS_PROFILE set, it resolves credentials by its own code and asks
 * STS who it is (stdout: the ARN). Tools that are missing fail with the
 * command that installs them (scripts/setup-system.sh), never a skip.
 *
 * Built things (the Go program, terraform's working directory, the AWS CLI
 * v2 endpoint overrides) live in one build directory under the temp dir,
 * keyed by their inputs, so a second run builds nothing.
 */
export type ClientName = 'boto3' | 'aws-cli-v1' | 'aws-cli-v2' | 'js-sdk-v3' | 'go-sdk-v2' | 'ruby-sdk' | 'terraform';

export const CLIENTS: ClientName[] = ['boto3', 'aws-cli-v1', 'aws-cli-v2', 'js-sdk-v3', 'go-sdk-v2', 'ruby-sdk', 'terraform'];

const PROGRAMS = join(repoRoot, 'test/interop/programs');
export const BUILD_DIR = join(tmpdir(), 'tempkey-interop-build');
const AWS_V2 = '/usr/bin/aws';
const TF_MIRROR = '/opt/tf-plugins';
const SETUP = 'run scripts/setup-system.sh as root';

export class MissingClientError extends Error {}

function need(ok: boolean, what: string): void {
  if (!ok) throw new MissingClientError(`interop: ${what} is missing; ${SETUP}`);
}

function which(cmd: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(':')) if (dir && existsSync(join(dir, cmd))) return join(dir, cmd);
  return undefined;
}

const hash = (...parts: string[]) => createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 16);

/** Writes a file only when its content differs (keeps mtimes, and so caches, stable). */
function writeIfChanged(path: string, text: string): void {
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return;
  writeFileSync(path, text);
}

/**
 * Debian's AWS SDK for Go v2 (golang-github-aws-aws-sdk-go-v2-dev) is source in
 * /usr/share/gocode: build in GOPATH mode against it, offline (GOPROXY=off),
 * once per program source and Go version.
 */
async function goBinary(): Promise<string> {
  const goBin = which('go');
  need(!!goBin, 'go (golang-go)');
  need(existsSync('/usr/share/gocode/src/github.com/aws/aws-sdk-go-v2/config'), "Debian's AWS SDK for Go v2 (golang-github-aws-aws-sdk-go-v2-dev)");
  const src = readFileSync(join(PROGRAMS, 'whoami.go'), 'utf8');
  const version = (await run(goBin!, ['version'], process.env)).stdout.trim();
  const out = join(BUILD_DIR, `go-whoami-${hash(src, version)}`);
  if (existsSync(out)) return out;
  mkdirSync(BUILD_DIR, { recursive: true });
  const env = { PATH: process.env.PATH, HOME: BUILD_DIR, GO111MODULE: 'off', GOPATH: '/usr/share/gocode', GOCACHE: join(BUILD_DIR, 'gocache'), GOPROXY: 'off', GOFLAGS: '', CGO_ENABLED: '0' };
  const tmp = `${out}.tmp-${process.pid}`;
  const r = await run(goBin!, ['build', '-o', tmp, join(PROGRAMS, 'whoami.go')], env, { timeoutMs: 300_000 });
  if (r.status !== 0) throw new Error(`interop: go build against /usr/share/gocode failed:\n${r.stderr}`);
  renameSync(tmp, out);
  return out;
}

/** A terraform working directory, initialised once from the local provider mirror (no registry). */
async function terraformDir(): Promise<{ dir: string; cliConfig: string }> {
  need(!!which('terraform'), 'terraform');
  need(existsSync(join(TF_MIRROR, 'registry.terraform.io/hashicorp/aws')), `terraform's AWS provider in the mirror ${TF_MIRROR}`);
  const main = readFileSync(join(PROGRAMS, 'main.tf'), 'utf8');
  const dir = join(BUILD_DIR, `tf-${hash(main, TF_MIRROR)}`);
  const cliConfig = join(BUILD_DIR, 'terraform-cli.tfrc');
  mkdirSync(dir, { recursive: true });
  writeIfChanged(cliConfig, `provider_installation {\n  filesystem_mirror {\n    path    = "${TF_MIRROR}"\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n`);
  writeIfChanged(join(dir, 'main.tf'), main);
  if (!existsSync(join(dir, '.terraform.lock.hcl'))) {
    const r = await run('terraform', ['init', '-input=false', '-no-color'], { PATH: process.env.PATH, HOME: BUILD_DIR, TF_CLI_CONFIG_FILE: cliConfig }, { cwd: dir, timeoutMs: 120_000 });
    if (r.status !== 0) throw new Error(`interop: terraform init from ${TF_MIRROR} failed:\n${r.stdout}\n${r.stderr}`);
  }
  return { dir, cliConfig };
}

/**
 * The Debian AWS CLI v2 (2.9) ignores AWS_ENDPOINT_URL. Its loader reads
 * AWS_DATA_PATH first, so an endpoint rule set there with one unconditional
 * rule sends sts, sso and sso-oidc (its own calls and those of its credential
 * providers) to the emulator. Same api-version folder as the bundled model, so
 * the bundled service-2.json stays in use.
 */
export function awsV2DataPath(url: string): string {
  const dir = join(BUILD_DIR, `aws-v2-endpoints-${hash(url)}`);
  const services: Record<string, string> = { sts: '2011-06-15', sso: '2019-06-10', 'sso-oidc': '2019-06-10' };
  for (const [service, version] of Object.entries(services)) {
    mkdirSync(join(dir, service, version), { recursive: true });
    const ruleSet = {
      version: '1.0',
      parameters: { Region: { builtIn: 'AWS::Region', required: false, documentation: 'region', type: 'String' } },
      rules: [{ conditions: [], endpoint: { url, properties: {}, headers: {} }, type: 'endpoint' }],
    };
    writeIfChanged(join(dir, service, version, 'endpoint-rule-set-1.json'), JSON.stringify(ruleSet, null, 2));
  }
  return dir;
}

export interface ClientRun extends RunResult {
  /** The ARN the client printed, if it succeeded. */
  arn?: string;
}

export interface Client {
  name: ClientName;
  /** Resolve AWS_PROFILE's credentials by the client's own code and ask STS who that is. */
  whoami(env: NodeJS.ProcessEnv, opts?: { fileCache?: boolean }): Promise<ClientRun>;
  /** Whether the client keeps assumed-role credentials in ~/.aws/cli/cache (else: the reason it cannot). */
  roleCache: true | string;
}

const arnOf = (r: RunResult): ClientRun => {
  const line = r.stdout.trim().split('\n').pop() ?? '';
  return { ...r, arn: r.status === 0 && line.startsWith('arn:') ? line : undefined };
};

const awsCli = (bin: string) => async (env: NodeJS.ProcessEnv) => arnOf(await run(bin, ['sts', 'get-caller-identity', '--query', 'Arn', '--output', 'text'], env, { timeoutMs: 60_000 }));

export async function client(name: ClientName, worldUrl: string): Promise<Client> {
  switch (name) {
    case 'boto3': {
      const ok = (await run('python3', ['-c', 'import boto3, botocore'], process.env)).status === 0;
      need(ok, 'boto3/botocore (pip install boto3)');
      return { name, roleCache: true, whoami: async (env, o) => arnOf(await run('python3', [join(PROGRAMS, 'whoami.py')], { ...env, INTEROP_FILE_CACHE: o?.fileCache === false ? '0' : '1' })) };
    }
    case 'aws-cli-v1': {
      const bin = which('aws');
      need(!!bin && bin !== AWS_V2, "the AWS CLI v1 on PATH (pip install awscli; /usr/bin/aws is v2)");
      const v = await run(bin!, ['--version'], process.env);
      if (!/aws-cli\/1\./.test(v.stdout + v.stderr)) throw new MissingClientError(`interop: 'aws' on PATH is not the AWS CLI v1 (${(v.stdout + v.stderr).trim()})`);
      return { name, roleCache: true, whoami: awsCli(bin!) };
    }
    case 'aws-cli-v2': {
      need(existsSync(AWS_V2), 'the AWS CLI v2 at /usr/bin/aws (apt-get install awscli)');
      const dataPath = awsV2DataPath(worldUrl);
      const call = awsCli(AWS_V2);
      return { name, roleCache: true, whoami: (env) => call({ ...env, AWS_DATA_PATH: dataPath }) };
    }
    case 'js-sdk-v3':
      return {
        name,
        roleCache: 'the JS SDK keeps assumed-role credentials in memory only (no ~/.aws/cli/cache)',
        whoami: async (env) => arnOf(await run(process.execPath, [join(PROGRAMS, 'whoami.mjs')], env)),
      };
    case 'go-sdk-v2': {
      const bin = await goBinary();
      return { name, roleCache: 'the Go SDK v2 keeps assumed-role credentials in memory only', whoami: async (env) => arnOf(await run(bin, [], env)) };
    }
    case 'ruby-sdk': {
      need(!!which('ruby'), 'ruby');
      need((await run('ruby', ['-e', 'require "aws-sdk-core"'], process.env)).status === 0, 'Ruby aws-sdk-core (apt-get install ruby-aws-sdk-core)');
      return { name, roleCache: 'Ruby aws-sdk-core keeps assumed-role credentials in memory only', whoami: async (env) => arnOf(await run('ruby', [join(PROGRAMS, 'whoami.rb')], env)) };
    }
    case 'terraform': {
      const { dir, cliConfig } = await terraformDir();
      return {
        name,
        roleCache: "terraform's AWS provider keeps assumed-role credentials in memory only",
        whoami: async (env) => {
          const state = join(env.HOME ?? tmpdir(), `tf-${Date.now()}.tfstate`);
          // The provider's own clients read AWS_ENDPOINT_URL; the SSO client inside its credential chain needs the service's variable.
          const url = env.AWS_ENDPOINT_URL;
          const endpoints = url ? { AWS_ENDPOINT_URL_STS: url, AWS_ENDPOINT_URL_SSO: url, AWS_ENDPOINT_URL_SSO_OIDC: url } : {};
          const r = await run('terraform', ['apply', '-auto-approve', '-input=false', '-no-color', '-lock=false', `-state=${state}`], { ...env, ...endpoints, TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: '1' }, { cwd: dir, timeoutMs: 120_000 });
          rmSync(state, { force: true });
          rmSync(`${state}.backup`, { force: true });
          const arn = r.status === 0 ? r.stdout.match(/^arn = "(arn:[^"]+)"/m)?.[1] : undefined;
          return { ...r, arn };
        },
      };
    }
  }
}

/** Ruby aws-sdk-core's own INI parser on a file: profile → keys (item 4: markers must not become keys). */
export async function rubyParse(path: string): Promise<Record<string, Record<string, unknown>>> {
  const r = await run('ruby', [join(PROGRAMS, 'whoami.rb'), 'parse', path], process.env);
  if (r.status !== 0) throw new Error(`ruby parse failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
