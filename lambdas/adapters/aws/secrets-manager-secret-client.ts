import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SecretClient } from '../http/secret-resolver';

/** Settings of {@link SecretsManagerSecretClient}. */
export interface SecretsManagerSecretClientOptions {
  readonly client: SecretsManagerClient;
}

/**
 * Reads `secretsmanager:` references from AWS Secrets Manager: `GetSecretValue` of the current
 * version, its `SecretString`. `name#field` reads one field of a JSON secret (the form the
 * console's key/value editor stores): `prod/pagerduty#routingKey` of `{"routingKey":"..."}`;
 * string, number and boolean fields are accepted. Binary secrets are refused. Errors name the
 * reference and what went wrong, never the secret's content.
 */
export class SecretsManagerSecretClient implements SecretClient {
  constructor(private readonly options: SecretsManagerSecretClientOptions) {}

  async get(name: string): Promise<string> {
    const hash = name.indexOf('#');
    const secretId = hash < 0 ? name : name.slice(0, hash);
    const field = hash < 0 ? undefined : name.slice(hash + 1);
    const ref = `secretsmanager:${name}`;
    let text: string | undefined;
    let binary = false;
    try {
      const out = await this.options.client.send(new GetSecretValueCommand({ SecretId: secretId }));
      text = out.SecretString;
      binary = out.SecretBinary !== undefined;
    } catch (e) {
      const err = e as Error;
      throw new Error(`secret ${ref} is not available (${err.name === 'ResourceNotFoundException' ? err.name : `${err.name}: ${err.message}`})`);
    }
    if (text === undefined) {
      throw new Error(binary ? `secret ${ref} is a binary secret (SecretBinary); only text secrets (SecretString) can be used` : `secret ${ref} is not available (the secret has no SecretString)`);
    }
    return field === undefined ? text : jsonField(text, field, ref);
  }
}

function jsonField(text: string, field: string, ref: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the input: it would put the secret in logs and delivery records.
    throw new Error(`secret ${ref} is not a JSON object, so #${field} cannot select a field`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`secret ${ref} is not a JSON object, so #${field} cannot select a field`);
  if (!Object.prototype.hasOwnProperty.call(parsed, field)) throw new Error(`secret ${ref}: the JSON secret has no field "${field}"`);
  const value = (parsed as Record<string, unknown>)[field];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(`secret ${ref}: field "${field}" is not a string, number or boolean`);
}
