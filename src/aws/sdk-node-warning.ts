// Its own module: exec's cached path (dist/fast.cjs) reads it without the SDK client settings.
/**
 * The SDK warns on stderr about Node < 22 on first use; that would corrupt what a
 * person sees around credential-process / exec output, so tempkey silences it in
 * its own process. Whether the person had set the variable is remembered, so a
 * program run by exec/serve gets the person's environment, not tempkey's.
 */
export const SDK_NODE_WARNING_VARIABLE = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';
let sdkWarningSilencedByTempkey = false;

export function silenceSdkNodeVersionWarning(): void {
  if (process.env[SDK_NODE_WARNING_VARIABLE] !== undefined) return;
  process.env[SDK_NODE_WARNING_VARIABLE] = 'true';
  sdkWarningSilencedByTempkey = true;
}

export function sdkNodeWarningSetByTempkey(): boolean {
  return sdkWarningSilencedByTempkey;
}
