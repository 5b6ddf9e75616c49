/**
 * Config lines the unit tests share: the person with an IAM user (keys in the
 * credentials file under [acme], an MFA device) and a role profile on top of it.
 */
export const ACME_MFA_USER = ['[profile acme]', 'region = eu-west-1', 'mfa_serial = arn:aws:iam::111111111111:mfa/alice'];
export const DEV_ROLE_FROM_ACME = ['[profile dev]', 'role_arn = arn:aws:iam::222222222222:role/DevOps', 'source_profile = acme'];
