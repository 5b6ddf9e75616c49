import type { CommandModule } from './io.js';

/**
 * The command table. Each entry is a lazy import so that starting tempkey
 * loads only the command being run (the credential-process hot path must stay
 * near bare `node` startup). Multi-word commands ("config parse") are keyed
 * with a space.
 */
export const COMMANDS: Record<string, { summary: string; load: () => Promise<CommandModule> }> = {
  'credentials configure': { summary: "store an IAM user's access keys (keyring or encrypted file), verify them, find MFA, write the profile", load: async () => (await import('./credentials-configure.js')).default },
  'credentials list': { summary: 'list stored IAM user keys (masked) and the profiles using them', load: async () => (await import('./credentials-list.js')).default },
  'credentials remove': { summary: "delete a profile's stored keys and tempkey's lines from its profile", load: async () => (await import('./credentials-remove.js')).default },
  login: { summary: 'sign in to IAM Identity Center (browser with PKCE, or device code)', load: async () => (await import('./login.js')).default },
  logout: { summary: 'end an IAM Identity Center session and delete its tokens and cached credentials', load: async () => (await import('./logout.js')).default },
  'configure sso': { summary: 'write an [sso-session] (and a profile) to the AWS config file', load: async () => (await import('./configure-sso.js')).default },
  sandbox: { summary: 'run a local AWS (moto + Identity Center emulator) with a demo organization', load: async () => (await import('./sandbox.js')).default },
  'project status': { summary: 'show the project, its active credentials method and why', load: async () => (await import('./project-status.js')).default },
  'project switch': { summary: 'switch a project between IAM users and Identity Center', load: async () => (await import('./project-switch.js')).default },
  'layer profiles': { summary: 'list the AWS profiles a terraform layer uses, with file:line', load: async () => (await import('./layer-profiles.js')).default },
  doctor: { summary: 'find what is wrong with a credentials set-up, and say the fix', load: async () => (await import('./doctor.js')).default },
  'config set': { summary: 'set a key of a profile in the AWS config file (lossless edit)', load: async () => (await import('./config-set.js')).setCommand },
  'config unset': { summary: 'remove a key of a profile from the AWS config file (lossless edit)', load: async () => (await import('./config-set.js')).unsetCommand },
  console: { summary: 'open the AWS console signed in as a profile (federated sign-in URL)', load: async () => (await import('./console.js')).default },
  serve: { summary: 'serve credentials of a profile on a local ECS-style endpoint', load: async () => (await import('./serve.js')).default },
  'credentials rotate': { summary: "replace a profile's stored IAM access key with a new one, safely", load: async () => (await import('./credentials-rotate.js')).default },
  audit: { summary: 'age, last use and MFA of the IAM keys tempkey keeps', load: async () => (await import('./audit.js')).default },
  'shell-init': { summary: "print a shell function that exports a profile's credentials into the current shell (bash, zsh, fish)", load: async () => (await import('./shell-init.js')).default },
  completion: { summary: 'print a shell completion script (bash, zsh, fish)', load: async () => (await import('./completion.js')).default },
  'config parse': { summary: 'read an AWS config/credentials file as the AWS CLI does and print it', load: async () => (await import('./config-parse.js')).default },
  'profiles sync': { summary: 'create a profile for every account and role of an SSO session', load: async () => (await import('./profiles-sync.js')).default },
  exec: { summary: 'run a command with credentials of a profile', load: async () => (await import('./exec.js')).default },
  env: { summary: 'print credentials of a profile as environment variables', load: async () => (await import('./env.js')).default },
  'credential-process': { summary: 'print credentials as credential_process JSON (for other tools)', load: async () => (await import('./credential-process.js')).default },
  whoami: { summary: 'show the AWS identity behind a profile', load: async () => (await import('./whoami.js')).default },
  explain: { summary: 'show how a profile resolves: files, precedence rules, plan steps and caches (no network)', load: async () => (await import('./explain.js')).default },
  'profiles list': { summary: 'list the profiles of the AWS config and credentials files', load: async () => (await import('./profiles-list.js')).default },
};
