import { CfnOutput, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Distribution, ViewerProtocolPolicy, CachePolicy } from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { StatusPageProps } from './status-page-props';

/**
 * The public status page: a private S3 bucket holding one HTML object that the
 * synthetic-checks job rewrites every minute, served by CloudFront through an origin access
 * control (the bucket itself is never public).
 */
export class StatusPage extends Construct {
  /** The bucket the page is written to (`STATUS_BUCKET`). */
  readonly bucket: Bucket;
  /** The distribution serving it. */
  readonly distribution: Distribution;

  constructor(scope: Construct, id: string, props: StatusPageProps) {
    super(scope, id);
    const key = props.key ?? 'index.html';
    // Kept on stack deletion like every bucket here (emptying it would take a custom-resource
    // function); the page in it is regenerated every minute and safe to delete by hand.
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `${props.prefix} status page`,
      defaultRootObject: key,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: new CachePolicy(this, 'ShortCache', { defaultTtl: Duration.seconds(30), minTtl: Duration.seconds(0), maxTtl: Duration.minutes(5) }),
      },
    });
    // Exactly one object may be written: no wildcard on the bucket's contents.
    const put = new PolicyStatement({ actions: ['s3:PutObject'], resources: [this.bucket.arnForObjects(key)] });
    for (const role of props.publishers) role.addToPrincipalPolicy(put);
    new CfnOutput(this, 'Url', { value: `https://${this.distribution.distributionDomainName}/`, description: 'The public status page' });

    const acknowledge = (target: Construct, id: string, reason: string) => Validations.of(target).acknowledge({ id, reason });
    acknowledge(this.bucket, 'AwsSolutions-S1', 'The bucket holds one generated page rewritten every minute by the platform itself; its only reader is CloudFront.');
    acknowledge(this.distribution, 'AwsSolutions-CFR1', 'A public status page is meant to be readable from every country.');
    acknowledge(this.distribution, 'AwsSolutions-CFR2', 'Static, cached HTML with no origin compute: WAF would add cost without protecting anything that can be exhausted.');
    acknowledge(this.distribution, 'AwsSolutions-CFR3', 'Access logs of a public static status page carry no security value for the platform; API access is logged at API Gateway.');
    acknowledge(this.distribution, 'AwsSolutions-CFR4', 'The default CloudFront certificate fixes the minimum TLS version; a custom domain with its own certificate (TLSv1.2_2021) is the way to raise it.');
  }
}
