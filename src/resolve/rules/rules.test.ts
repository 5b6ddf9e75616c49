import { describe, expect, it } from 'vitest';
import { buildProfileModel } from '../../files/profile-model.js';
import { parseIniText } from '../../files/ini/fast-read.js';
import { profileKind } from '../profile-kind.js';
import { resolvePlan } from '../resolve.js';
import { PRECEDENCE_RULES, RULES } from './index.js';

const FILES = { config: '/c', credentials: '/k', configChosenBy: 'test', credentialsChosenBy: 'test' };
const KEYS = 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = notARealSecret';

describe('the rule list is the chain', () => {
  it('names each rule once, and the resolver checks them in its order', () => {
    expect(new Set(PRECEDENCE_RULES).size).toBe(RULES.length);
    const config = `[profile a]\n${KEYS}\n`;
    const plan = resolvePlan({ env: {}, flags: { profile: 'a' }, config: parseIniText(config, '/c'), files: FILES });
    expect(plan.decisions.map((d) => d.rule)).toEqual(PRECEDENCE_RULES);
    // A source_profile hop checks the rules marked onHops, in the same order.
    const chained = `[profile r]\nrole_arn = arn:aws:iam::111111111111:role/R\nsource_profile = a\n[profile a]\n${KEYS}\n`;
    const hop = resolvePlan({ env: {}, flags: { profile: 'r' }, config: parseIniText(chained, '/c'), files: FILES }).decisions.filter((d) => d.profile === 'a');
    expect(hop.map((d) => d.rule)).toEqual(RULES.filter((r) => r.onHops).map((r) => r.id));
  });

  it("a profile's kind is the kind of the first rule that takes it, so the order decides", () => {
    // role_arn and sso fields together: assume-role comes first in the chain, so the kind is assume-role.
    const config = '[profile both]\nrole_arn = arn:aws:iam::111111111111:role/R\nsource_profile = x\nsso_account_id = 1\nsso_role_name = A\n[profile login]\nlogin_session = s\ncredential_process = /bin/true\n';
    const model = buildProfileModel(parseIniText(config, '/c'), undefined, FILES);
    expect(profileKind(model.profile('both')!, model)).toBe('assume-role');
    expect(profileKind(model.profile('login')!, model)).toBe('login');
    const applied = resolvePlan({ env: {}, flags: { profile: 'login' }, config: parseIniText(config, '/c'), files: FILES }).decisions.find((d) => d.applied);
    expect(applied?.rule).toBe('login');
  });
});
