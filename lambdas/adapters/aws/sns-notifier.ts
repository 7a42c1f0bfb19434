import { createHash } from 'node:crypto';
import { PublishCommand, type MessageAttributeValue, type SNSClient } from '@aws-sdk/client-sns';
import type { Notification, Notifier, Severity } from '../../core/ports/notifier';

/** Settings of {@link SnsNotifier}. */
export interface SnsNotifierOptions {
  readonly client: SNSClient;
  /** One topic per severity; a `.fifo` topic gets SNS-side deduplication too. */
  readonly topicArns: Readonly<Record<Severity, string>>;
  /** How many dedup keys this instance remembers. @default 1000 */
  readonly dedupCacheSize?: number;
}

/** SNS Publish limits. */
export const SNS_LIMITS = {
  subjectChars: 100,
  messageAttributes: 10,
  /** Message plus attributes. */
  messageBytes: 256 * 1024,
} as const;

/**
 * Publishes each notification to its severity's SNS topic. The subject is made what SNS
 * accepts (ASCII, no control characters, at most 100 characters); attributes become String
 * message attributes, with `severity` and `dedupKey` first. Deduplication by `dedupKey` is
 * per instance (a Lambda container remembers recent keys) and, on FIFO topics, also done by
 * SNS through MessageDeduplicationId.
 */
export class SnsNotifier implements Notifier {
  private readonly client: SNSClient;
  private readonly topicArns: Readonly<Record<Severity, string>>;
  private readonly cacheSize: number;
  private readonly recent = new Map<string, string>();

  constructor(options: SnsNotifierOptions) {
    this.client = options.client;
    this.topicArns = options.topicArns;
    this.cacheSize = options.dedupCacheSize ?? 1000;
  }

  async notify(n: Notification): Promise<{ readonly messageId: string }> {
    if (n.dedupKey !== undefined) {
      const seen = this.recent.get(n.dedupKey);
      if (seen !== undefined) return { messageId: seen };
    }
    const topicArn = this.topicArns[n.severity];
    const attributes = messageAttributes(n);
    const subject = snsSubject(n.subject);
    const fifo = topicArn.endsWith('.fifo');
    const out = await this.client.send(
      new PublishCommand({
        TopicArn: topicArn,
        ...(subject && { Subject: subject }),
        Message: fitMessage(n.message, attributes),
        MessageAttributes: attributes,
        ...(fifo && {
          MessageGroupId: n.severity,
          MessageDeduplicationId: createHash('sha256').update(n.dedupKey ?? `${n.subject}\n${n.message}`).digest('hex'),
        }),
      }),
    );
    const messageId = out.MessageId;
    if (!messageId) throw new Error('SNS Publish answered without a MessageId');
    if (n.dedupKey !== undefined) this.remember(n.dedupKey, messageId);
    return { messageId };
  }

  private remember(key: string, id: string): void {
    this.recent.set(key, id);
    if (this.recent.size > this.cacheSize) this.recent.delete(this.recent.keys().next().value as string);
  }
}

/** A subject SNS accepts: printable ASCII on one line, at most 100 characters; '' when nothing is left. */
export function snsSubject(subject: string): string {
  const ascii = subject
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // drop accents rather than the whole letter
    .replace(/\s+/g, ' ')
    .replace(/[^\x20-\x7e]/g, '?')
    .trim();
  return ascii.length <= SNS_LIMITS.subjectChars ? ascii : `${ascii.slice(0, SNS_LIMITS.subjectChars - 3).trimEnd()}...`;
}

function messageAttributes(n: Notification): Record<string, MessageAttributeValue> {
  const out: Record<string, MessageAttributeValue> = {};
  const add = (name: string, value: string) => {
    const key = attributeName(name);
    // SNS refuses empty string values and more than 10 attributes.
    if (value === '' || key in out || Object.keys(out).length >= SNS_LIMITS.messageAttributes) return;
    out[key] = { DataType: 'String', StringValue: value };
  };
  add('severity', n.severity);
  if (n.dedupKey !== undefined) add('dedupKey', n.dedupKey);
  for (const [k, v] of Object.entries(n.attributes ?? {})) add(k, v);
  return out;
}

/** Attribute names: letters, digits, `_-.`, no leading `AWS.`/`Amazon.`, no `..`, at most 256 characters. */
function attributeName(name: string): string {
  let key = name.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/\.{2,}/g, '.').replace(/^\.|\.$/g, '_');
  if (/^(aws|amazon)\./i.test(key)) key = `x-${key}`;
  return key.slice(0, 256) || '_';
}

function fitMessage(message: string, attributes: Record<string, MessageAttributeValue>): string {
  const attributeBytes = Object.entries(attributes).reduce(
    (sum, [k, v]) => sum + Buffer.byteLength(k) + Buffer.byteLength(v.DataType ?? '') + Buffer.byteLength(v.StringValue ?? ''),
    0,
  );
  const budget = SNS_LIMITS.messageBytes - attributeBytes;
  if (Buffer.byteLength(message) <= budget) return message;
  const marker = '\n[truncated]';
  // Cut on a character boundary: decoding a cut UTF-8 buffer may end in U+FFFD, so drop that.
  const cut = Buffer.from(message).subarray(0, budget - Buffer.byteLength(marker) - 3).toString('utf8').replace(/\uFFFD$/, '');
  return cut + marker;
}
