import type { IRole } from 'aws-cdk-lib/aws-iam';

/** Properties of {@link StatusPage}. */
export interface StatusPageProps {
  /** Resource name prefix. */
  readonly prefix: string;
  /** Roles allowed to (re)write the page object. */
  readonly publishers: readonly IRole[];
  /**
   * The object key of the page.
   * @default index.html
   */
  readonly key?: string;
}
