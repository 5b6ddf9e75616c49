import { TempkeyError } from './errors.js';
import { closestNames } from './suggest.js';

/**
 * The AWS partitions and their regions (from botocore's endpoints.json, the
 * same table the SDKs ship). A region name is checked against this list so a
 * typo (`eu-wst-1`) is caught when typed, not as a DNS error later. A region
 * newer than this table passes when it matches its partition's pattern and
 * TEMPKEY_ALLOW_UNKNOWN_REGION=1 is set.
 */
export const PARTITIONS: readonly { id: string; pattern: RegExp; regions: readonly string[] }[] = [
  {
    id: 'aws',
    pattern: /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/,
    regions: [
      'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-south-2',
      'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7',
      'ca-central-1', 'ca-west-1', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2',
      'eu-west-3', 'il-central-1', 'me-central-1', 'me-south-1', 'mx-central-1', 'sa-east-1', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
    ],
  },
  { id: 'aws-cn', pattern: /^cn-\w+-\d+$/, regions: ['cn-north-1', 'cn-northwest-1'] },
  { id: 'aws-us-gov', pattern: /^us-gov-\w+-\d+$/, regions: ['us-gov-east-1', 'us-gov-west-1'] },
  { id: 'aws-iso', pattern: /^us-iso-\w+-\d+$/, regions: ['us-iso-east-1', 'us-iso-west-1'] },
  { id: 'aws-iso-b', pattern: /^us-isob-\w+-\d+$/, regions: ['us-isob-east-1', 'us-isob-west-1'] },
  { id: 'aws-iso-e', pattern: /^eu-isoe-\w+-\d+$/, regions: ['eu-isoe-west-1'] },
  { id: 'aws-iso-f', pattern: /^us-isof-\w+-\d+$/, regions: ['us-isof-east-1', 'us-isof-south-1'] },
  { id: 'aws-eusc', pattern: /^eusc-de-\w+-\d+$/, regions: ['eusc-de-east-1'] },
];

export const KNOWN_REGIONS: readonly string[] = PARTITIONS.flatMap((p) => p.regions);

export function isKnownRegion(region: string, env: NodeJS.ProcessEnv = {}): boolean {
  if (KNOWN_REGIONS.includes(region)) return true;
  return env.TEMPKEY_ALLOW_UNKNOWN_REGION === '1' && PARTITIONS.some((p) => p.pattern.test(region));
}

/** The region, or a typed error naming where it came from and the closest real regions. */
export function checkRegion(region: string, origin: string, env: NodeJS.ProcessEnv = {}): string {
  if (isKnownRegion(region, env)) return region;
  const near = closestNames(region, KNOWN_REGIONS);
  throw new TempkeyError('BAD_FLAG', `${origin} '${region}' is not an AWS region.${near.length ? ` Did you mean: ${near.join(', ')}?` : ''}`, {
    fix: near.length ? `Use ${origin.startsWith('--') ? `${origin} ` : ''}${near[0]}. (A region newer than tempkey: set TEMPKEY_ALLOW_UNKNOWN_REGION=1.)` : 'e.g. us-east-1; a region newer than tempkey: set TEMPKEY_ALLOW_UNKNOWN_REGION=1.',
    location: origin.startsWith('--') ? { flag: origin } : undefined,
    exitCode: 2,
  });
}
