// whoami for the interop suite: the AWS SDK for JavaScript v3's default chain
// resolves the profile in AWS_PROFILE its own way and asks STS who it is.
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const sts = new STSClient({});
try {
  console.log((await sts.send(new GetCallerIdentityCommand({}))).Arn);
} catch (e) {
  console.error(`${e.name}: ${e.message}`);
  process.exitCode = 1;
} finally {
  sts.destroy();
}
