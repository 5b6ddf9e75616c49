// Library entry: the pieces other programs may use.
export * from './resolve/plan.js';
export * from './lib/errors.js';
export { redact, redactText, maskKeyId } from './lib/redact.js';
export type { AwsCredentials, Origin } from './lib/domain.js';
