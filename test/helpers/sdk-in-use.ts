/**
 * Whether a traced module (test/helpers/trace-imports.mjs) shows the AWS SDK at
 * work: an SDK package loaded from node_modules (the full CLI and the library),
 * or the HTTP stack the SDK's request handler loads (the commands that carry the
 * SDK inside their bundle, see scripts/build.mjs, load no package, but nothing
 * there loads node:http or node:https but the SDK).
 */
export const sdkInUse = (traced: string): boolean => /@aws-sdk|@smithy/.test(traced) || /^(cjs|esm):(node:)?(https?|http2)$/.test(traced);
