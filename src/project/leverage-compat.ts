import { readIniFile } from '../files/ini-file.js';
import type { Project } from './detect.js';

/**
 * Mixed teams share ~/.aws/<project>/ between the Leverage CLI and tempkey.
 * Whether the Leverage CLI can still work from what is there, and if not, how
 * to go back: its SSO path reads sso_start_url/sso_region from
 * [profile <short>-sso] and account_id/role_name from <short>-sso-<account>;
 * its IAM path reads the keys of <short>-<type> from the credentials file,
 * where tempkey (keeping them in its vault) does not put them.
 */
export interface LeverageCliCompat {
  compatible: boolean;
  detail: string;
}

export async function leverageCliCompat(p: Project): Promise<LeverageCliCompat> {
  const config = await readIniFile(p.configFile);
  if (p.method === 'sso') {
    const main = config?.section(`profile ${p.shortName}-sso`)?.values;
    if (!main) return { compatible: false, detail: `no [profile ${p.shortName}-sso] in ${p.configFile} yet: tempkey project switch sso writes it in the form both tools read` };
    const missing = ['sso_start_url', 'sso_region'].filter((k) => main[k] === undefined);
    if (missing.length) return { compatible: false, detail: `tempkey-only: [profile ${p.shortName}-sso] lacks ${missing.join(' and ')}, which the Leverage CLI reads; tempkey project switch sso adds them (or: leverage aws configure sso)` };
    return { compatible: true, detail: `shared: [profile ${p.shortName}-sso] keeps sso_start_url and sso_region, ${p.shortName}-sso-<account> keep account_id and role_name, as the Leverage CLI reads them` };
  }
  const credentials = await readIniFile(p.credentialsFile);
  const inVault = ['bootstrap', 'management', 'security']
    .map((t) => `${p.shortName}-${t}`)
    .filter((n) => config?.section(`profile ${n}`)?.values.tempkey_vault !== undefined && credentials?.section(n)?.values.aws_access_key_id === undefined);
  if (inVault.length) {
    const type = inVault[inVault.length - 1]!.slice(p.shortName.length + 1);
    return {
      compatible: false,
      detail: `tempkey-only: the keys of ${inVault.join(', ')} are in tempkey's vault, and the Leverage CLI reads them from ${p.credentialsFile}. To go back: leverage credentials configure --type ${type} --credentials-file <accessKeys.csv> --overwrite-existing-credentials (the role profiles stay as they are)`,
    };
  }
  return { compatible: true, detail: `shared: the role profiles are in the form the Leverage CLI writes (role_arn, source_profile, mfa_serial)` };
}
