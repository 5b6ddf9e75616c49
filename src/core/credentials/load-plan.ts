import { loadProfileModel, type AwsFilesOptions } from '../../files/aws-files.js';
import type { Plan } from '../../resolve/plan.js';
import { resolvePlan } from '../../resolve/resolve.js';

export interface LoadPlanOptions extends AwsFilesOptions {
  profile?: string;
  region?: string;
  now?: () => Date;
}

/** Reads the files once (files/aws-files), then resolves the profile (resolve/, which reads nothing itself). */
export async function loadPlan(opts: LoadPlanOptions): Promise<Plan> {
  const { files, model } = await loadProfileModel(opts);
  return resolvePlan({ env: opts.env, flags: { profile: opts.profile, region: opts.region }, files, model, now: opts.now });
}
