# whoami for the interop suite: Ruby's aws-sdk-core (Debian's 3.168) resolves
# the profile in AWS_PROFILE its own way and asks STS who it is. This SDK
# predates AWS_ENDPOINT_URL; Aws.config reaches every client it builds,
# including the SSO, SSO OIDC and STS clients inside its credential providers.
require 'aws-sdk-core'
require 'json'

if ARGV[0] == 'parse'
  # What Ruby's own INI parser makes of a file: profile => keys.
  puts JSON.generate(Aws::IniParser.ini_parse(File.read(ARGV[1])))
  exit 0
end

Aws.config.update(endpoint: ENV['AWS_ENDPOINT_URL']) if ENV['AWS_ENDPOINT_URL']
begin
  puts Aws::STS::Client.new(region: ENV['AWS_REGION'] || 'us-east-1').get_caller_identity.arn
rescue StandardError => e
  warn "#{e.class}: #{e.message}"
  exit 1
end
