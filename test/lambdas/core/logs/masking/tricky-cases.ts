import type { LabelledLine } from './corpus-generator';

/** A hand-written case: the line and the exact substrings that must be masked (in order of appearance). */
interface Case {
  readonly text: string;
  readonly secrets: readonly string[];
}

const CASES: readonly Case[] = [
  // Cards: separators, lengths, Luhn failures, timestamps and ids of card length.
  { text: 'paid with 4111 1111 1111 1111 exp 12/27', secrets: ['4111 1111 1111 1111'] },
  { text: 'paid with 4111-1111-1111-1111', secrets: ['4111-1111-1111-1111'] },
  { text: 'amex 3782 822463 10005 accepted', secrets: ['3782 822463 10005'] },
  { text: 'card=5555555555554444;', secrets: ['5555555555554444'] },
  { text: 'order 4111111111111112 confirmed', secrets: [] },
  { text: 'order 4111 1111 1111 1112 confirmed', secrets: [] },
  { text: 'event at 1700000000123 ms', secrets: [] },
  { text: 'nanos 1700000000123456789', secrets: [] },
  { text: 'tracking 1Z999AA10123456784', secrets: [] },
  { text: 'account 0000000000000000 is a placeholder', secrets: [] },
  { text: 'mastercard 2223 0031 2200 3222 approved', secrets: ['2223 0031 2200 3222'] },
  { text: 'discover 6011111111111117.', secrets: ['6011111111111117'] },
  { text: 'amount 4111111111111111.50 is not a card', secrets: [] },
  // IBAN.
  { text: 'IBAN DE89 3704 0044 0532 0130 00 verified', secrets: ['DE89 3704 0044 0532 0130 00'] },
  { text: 'iban=GB82WEST12345698765432', secrets: ['GB82WEST12345698765432'] },
  { text: 'bad iban GB82WEST12345698765433', secrets: [] },
  { text: 'part number DE12345678901234567890 ordered', secrets: [] },
  // SSN and national ids.
  { text: 'SSN 078-05-1120 on file', secrets: ['078-05-1120'] },
  { text: 'ssn: 219099999', secrets: ['219099999'] },
  { text: 'invalid 000-12-3456 and 666-45-6789 and 987-65-4321', secrets: [] },
  { text: 'date 2024-01-15 and phone-like 123-45', secrets: [] },
  { text: 'NINO QQ123456C is a sample, AB 12 34 56 C is real-shaped', secrets: ['AB 12 34 56 C'] },
  { text: 'DNI 12345678Z and bad 12345678A', secrets: ['12345678Z'] },
  { text: 'NIE X1234567L ok', secrets: ['X1234567L'] },
  { text: 'cpf 111.444.777-35 bad 111.444.777-36', secrets: ['111.444.777-35'] },
  // Emails.
  { text: 'from: "Jane" <jane.doe@example.com>', secrets: ['jane.doe@example.com'] },
  { text: 'notify ops+alerts@corp.example.io now', secrets: ['ops+alerts@corp.example.io'] },
  { text: 'git@github.com:org/repo.git cloned', secrets: ['git@github.com'] },
  { text: 'actor sparkExecutorActorSystem@mesos-slave-07:55904 started', secrets: [] },
  { text: 'package @types/node@20.11.5 installed', secrets: [] },
  // Phones.
  { text: 'call +1 (415) 555-0132 today', secrets: ['+1 (415) 555-0132'] },
  { text: 'sms +4915112345678 sent', secrets: ['+4915112345678'] },
  { text: 'tel (212) 555-0199 ext 4', secrets: ['(212) 555-0199'] },
  { text: 'uk 020 7946 0958, mobile 07700 900123', secrets: ['020 7946 0958', '07700 900123'] },
  { text: 'fr 01 23 45 67 89', secrets: ['01 23 45 67 89'] },
  { text: 'version 10.0.19045.2965 build 22631', secrets: [] },
  { text: 'at 2024-01-15 10:22:33.456 took 00:01:23', secrets: [] },
  { text: 'ip 192.168.100.200 port 8080', secrets: [] },
  { text: 'range 100-200-3000 ok', secrets: [] },
  // JWT, bearer and tokens.
  { text: 'jwt=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c', secrets: ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'] },
  { text: 'Authorization: Bearer mF_9.B5f-4.1JqM', secrets: ['mF_9.B5f-4.1JqM'] },
  { text: 'authorization: Basic dXNlcjpwYXNzd29yZA==', secrets: ['dXNlcjpwYXNzd29yZA=='] },
  { text: 'token_type=bearer expires_in=3600', secrets: [] },
  { text: 'Basic authentication enabled for /admin', secrets: [] },
  { text: 'Bearer token missing', secrets: [] },
  // AWS.
  { text: 'key AKIAIOSFODNN7EXAMPLE used', secrets: ['AKIAIOSFODNN7EXAMPLE'] },
  { text: 'temp ASIAY34FZKBOKMUTVV7A session', secrets: ['ASIAY34FZKBOKMUTVV7A'] },
  { text: 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', secrets: ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'] },
  { text: '"SecretAccessKey": "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"', secrets: ['je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY'] },
  { text: 'sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709 matches', secrets: [] },
  { text: 'AKIA prefix alone is fine', secrets: [] },
  // Key/value secrets.
  { text: 'login password=hunter2 user=bob', secrets: ['hunter2'] },
  { text: '{"user":"bob","password":"p@ss w0rd!"}', secrets: ['p@ss w0rd!'] },
  { text: "DB_PASSWORD='s3cr3t;with;semis'", secrets: ['s3cr3t;with;semis'] },
  { text: 'client_secret: 8f7d6e5c4b3a', secrets: ['8f7d6e5c4b3a'] },
  { text: 'x-api-key=AbC123xYz', secrets: ['AbC123xYz'] },
  { text: 'config {apiKey => "k-123"}', secrets: ['k-123'] },
  { text: 'password reset requested for bob', secrets: [] },
  { text: 'password_policy=strict min_length=12', secrets: [] },
  { text: 'tokens=512 max_tokens: 1024 token_count=9', secrets: [] },
  { text: 'secret_name=prod/db rotated', secrets: [] },
  { text: 'password= (empty) provided', secrets: [] },
  { text: 'Priority: 20, Token: Token { kind: ContainerToken, service: 172.22.149.145:28345 }', secrets: [] },
  { text: 'db password=${DB_PASSWORD} token=*** secret=[SECRET] api_key=null', secrets: [] },
  { text: 'password: invalid for user bob', secrets: [] },
  { text: 'url https://api.example.com/v1?access_token=abc123XYZ&page=2', secrets: ['abc123XYZ'] },
  { text: 'cookie: sid=abcdef123456', secrets: ['sid=abcdef123456'] },
  // Look-alikes that carry digits.
  { text: 'uuid 123e4567-e89b-12d3-a456-426614174000 processed', secrets: [] },
  { text: 'price $1,234.56 and EUR 99.90 and 1 299,00 €', secrets: [] },
  { text: 'pod web-7d9f8b6c5-x2k4p restarted 3 times', secrets: [] },
  { text: 'trace 4bf92f3577b34da6a3ce929d0e0e4736 span 00f067aa0ba902b7', secrets: [] },
  { text: 'sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', secrets: [] },
  { text: 'PRIVATE KEY follows -----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----', secrets: ['-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----'] },
];

/** The hand-written cases as labelled lines (secret kinds are not told apart here). */
export function trickyCases(): LabelledLine[] {
  return CASES.map((c) => {
    let from = 0;
    const secrets = c.secrets.map((s) => {
      const start = c.text.indexOf(s, from);
      if (start < 0) throw new Error(`secret ${s} not in ${c.text}`);
      from = start + s.length;
      return { kind: 'tricky', start, end: start + s.length };
    });
    return { text: c.text, secrets };
  });
}

/** Number of hand-written cases. */
export const TRICKY_CASE_COUNT = CASES.length;
