// whoami for the interop suite: the AWS SDK for Go v2 (Debian's 1.17 config
// module) resolves the profile in AWS_PROFILE its own way and asks STS who
// it is. This SDK predates AWS_ENDPOINT_URL, so every client it makes (STS,
// and the SSO and STS clients inside its credential providers) gets the
// emulator's URL from an endpoint resolver.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func main() {
	ctx := context.Background()
	var opts []func(*config.LoadOptions) error
	if url := os.Getenv("AWS_ENDPOINT_URL"); url != "" {
		opts = append(opts, config.WithEndpointResolverWithOptions(aws.EndpointResolverWithOptionsFunc(
			func(service, region string, _ ...interface{}) (aws.Endpoint, error) {
				return aws.Endpoint{URL: url, HostnameImmutable: true, SigningRegion: region}, nil
			})))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		fmt.Fprintln(os.Stderr, "config:", err)
		os.Exit(2)
	}
	out, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "sts:", err)
		os.Exit(1)
	}
	fmt.Println(*out.Arn)
}
