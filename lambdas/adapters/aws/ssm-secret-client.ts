import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import type { SecretClient } from '../http/secret-resolver';

/** Settings of {@link SsmSecretClient}. */
export interface SsmSecretClientOptions {
  readonly client: SSMClient;
}

// Errors that mean "no such parameter (version)": named alone, the rest with their message.
const NOT_FOUND = new Set(['ParameterNotFound', 'ParameterVersionNotFound']);

/**
 * Reads `ssm:` references from SSM Parameter Store: `GetParameter` with `WithDecryption: true`
 * (SecureString values come back decrypted; String and StringList as they are), the name as
 * given, leading `/` kept. A parameter that cannot be read is an Error naming the reference,
 * never its value.
 */
export class SsmSecretClient implements SecretClient {
  constructor(private readonly options: SsmSecretClientOptions) {}

  async get(name: string): Promise<string> {
    let value: string | undefined;
    try {
      const out = await this.options.client.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
      value = out.Parameter?.Value;
    } catch (e) {
      const err = e as Error;
      throw new Error(`secret ssm:${name} is not available (${NOT_FOUND.has(err.name) ? err.name : `${err.name}: ${err.message}`})`);
    }
    if (value === undefined) throw new Error(`secret ssm:${name} is not available (the parameter has no value)`);
    return value;
  }
}
