import { SecretResolver, secretNameRuleFromEnv, SECRET_NAME_PREFIX_VARIABLE } from '../../adapters/http/secret-resolver';

type Environment = Readonly<Record<string, string | undefined>>;

let onLambda: { env: Environment; prefix: string | undefined; resolver: SecretResolver } | undefined;

/**
 * The secret resolver of a runtime. On Lambda (`AWS_LAMBDA_FUNCTION_NAME` set): `ssm:` and
 * `secretsmanager:` references read SSM Parameter Store and Secrets Manager, limited to names
 * under `SECRET_NAME_PREFIX`; built once per container (SDK clients and the value cache live
 * as long as it does). Elsewhere (local runtime, tests): a fresh resolver on `env`, where those
 * references fall back to `SECRET_<NAME>` variables.
 */
export function secretResolverFor(env: Environment): SecretResolver {
  const names = secretNameRuleFromEnv(env);
  if (!env.AWS_LAMBDA_FUNCTION_NAME) return new SecretResolver({ env, names });
  const prefix = env[SECRET_NAME_PREFIX_VARIABLE];
  if (onLambda?.env !== env || onLambda.prefix !== prefix) {
    // Required here, not imported: the local runtime never loads these SDK clients.
    const { SSMClient } = require('@aws-sdk/client-ssm') as typeof import('@aws-sdk/client-ssm');
    const { SecretsManagerClient } = require('@aws-sdk/client-secrets-manager') as typeof import('@aws-sdk/client-secrets-manager');
    const { SsmSecretClient } = require('../../adapters/aws/ssm-secret-client') as typeof import('../../adapters/aws/ssm-secret-client');
    const { SecretsManagerSecretClient } = require('../../adapters/aws/secrets-manager-secret-client') as typeof import('../../adapters/aws/secrets-manager-secret-client');
    const resolver = new SecretResolver({
      env,
      names,
      ssm: new SsmSecretClient({ client: new SSMClient({}) }),
      secretsManager: new SecretsManagerSecretClient({ client: new SecretsManagerClient({}) }),
    });
    onLambda = { env, prefix, resolver };
  }
  return onLambda.resolver;
}

/** Forgets the Lambda resolver (tests), so the next call builds a new one. */
export function resetSecretResolver(): void {
  onLambda = undefined;
}
