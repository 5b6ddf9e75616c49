# whoami for the interop suite: terraform's AWS provider resolves the profile
# in AWS_PROFILE (aws-sdk-go-v2, current) and reads the caller's identity.
terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

provider "aws" {
  skip_metadata_api_check = true
}

data "aws_caller_identity" "me" {}

output "arn" {
  value = data.aws_caller_identity.me.arn
}
