import { containerStep } from '../../sources/container.js';
import { rule } from './rule.js';

/** Which container-credentials variable is set, if any. */
export function containerVariable(env: NodeJS.ProcessEnv): string | undefined {
  return env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI ? 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI' : env.AWS_CONTAINER_CREDENTIALS_FULL_URI ? 'AWS_CONTAINER_CREDENTIALS_FULL_URI' : undefined;
}

/** ECS/EKS container credentials. */
export const containerRule = rule('container', { onHops: false }, (c) => {
  const v = containerVariable(c.env);
  if (!v) return { rule: 'container', matches: false, reason: 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI are not set' };
  return { rule: 'container', matches: true, reason: `${v} is set`, build: () => [containerStep(v)] };
});
