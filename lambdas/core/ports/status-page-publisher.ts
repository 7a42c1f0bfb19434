/** Where the public status page goes (an S3 object behind CloudFront on AWS, a file served at /status locally). */
export interface StatusPagePublisher {
  /** Replaces the published page. */
  publish(html: string): Promise<void>;
}
