import {
  type CloudWatchLogsClientResolvedConfig,
  type ServiceInputTypes,
  type ServiceOutputTypes,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  InvalidParameterException,
  PutLogEventsCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
  type CreateLogGroupCommandInput,
  type CreateLogStreamCommandInput,
  type DescribeLogGroupsCommandInput,
  type DescribeLogStreamsCommandInput,
  type FilterLogEventsCommandInput,
  type PutLogEventsCommandInput,
} from '@aws-sdk/client-cloudwatch-logs';
import type { AwsStub } from 'aws-sdk-client-mock';

interface StoredEvent {
  timestamp: number;
  message: string;
  eventId: string;
}

const meta = { $metadata: {} };

/**
 * A stateful CloudWatch Logs behind aws-sdk-client-mock: groups, streams and events, with the
 * documented PutLogEvents rules enforced (10,000 events, 1,048,576 bytes incl. 26 per event,
 * chronological, within 24 h) and FilterLogEvents answering quoted-term patterns
 * (case-sensitive substrings) and simple `{ ($.field = "v") && ... }` JSON patterns, `pageSize`
 * events per page with nextToken.
 */
export class FakeCloudWatchLogs {
  readonly groups = new Map<string, Map<string, StoredEvent[]>>();
  private ids = 0;

  constructor(private readonly pageSize = 4) {}

  install(mock: AwsStub<ServiceInputTypes, ServiceOutputTypes, CloudWatchLogsClientResolvedConfig>): void {
    mock.on(CreateLogGroupCommand).callsFake((i: CreateLogGroupCommandInput) => this.createGroup(i));
    mock.on(CreateLogStreamCommand).callsFake((i: CreateLogStreamCommandInput) => this.createStream(i));
    mock.on(PutLogEventsCommand).callsFake((i: PutLogEventsCommandInput) => this.put(i));
    mock.on(FilterLogEventsCommand).callsFake((i: FilterLogEventsCommandInput) => this.filter(i));
    mock.on(DescribeLogGroupsCommand).callsFake((i: DescribeLogGroupsCommandInput) => this.describeGroups(i));
    mock.on(DescribeLogStreamsCommand).callsFake((i: DescribeLogStreamsCommandInput) => this.describeStreams(i));
  }

  private createGroup(i: CreateLogGroupCommandInput) {
    if (this.groups.has(i.logGroupName!)) throw new ResourceAlreadyExistsException({ message: 'The specified log group already exists', ...meta });
    this.groups.set(i.logGroupName!, new Map());
    return {};
  }

  private createStream(i: CreateLogStreamCommandInput) {
    const g = this.group(i.logGroupName!);
    if (g.has(i.logStreamName!)) throw new ResourceAlreadyExistsException({ message: 'The specified log stream already exists', ...meta });
    g.set(i.logStreamName!, []);
    return {};
  }

  private put(i: PutLogEventsCommandInput) {
    const stream = this.group(i.logGroupName!).get(i.logStreamName!);
    if (!stream) throw new ResourceNotFoundException({ message: 'The specified log stream does not exist.', ...meta });
    const events = i.logEvents ?? [];
    const bytes = events.reduce((n, e) => n + Buffer.byteLength(e.message!) + 26, 0);
    const sorted = events.every((e, k) => k === 0 || e.timestamp! >= events[k - 1].timestamp!);
    const span = events.length ? events[events.length - 1].timestamp! - events[0].timestamp! : 0;
    if (events.length === 0 || events.length > 10_000 || bytes > 1_048_576 || !sorted || span > 24 * 3_600_000) {
      throw new InvalidParameterException({ message: 'Log events in a single PutLogEvents request break a documented limit', ...meta });
    }
    for (const e of events) stream.push({ timestamp: e.timestamp!, message: e.message!, eventId: `ev${++this.ids}` });
    return { nextSequenceToken: 'unused' };
  }

  private filter(i: FilterLogEventsCommandInput) {
    const g = this.group(i.logGroupName!);
    const test = compilePattern(i.filterPattern);
    const all = [...g.entries()]
      .flatMap(([stream, events]) => events.map((e) => ({ ...e, logStreamName: stream })))
      .filter((e) => (i.startTime === undefined || e.timestamp >= i.startTime) && (i.endTime === undefined || e.timestamp <= i.endTime))
      .filter((e) => test(e.message))
      .sort((a, b) => a.timestamp - b.timestamp);
    const offset = i.nextToken ? Number(i.nextToken) : 0;
    const page = all.slice(offset, offset + this.pageSize);
    const next = offset + this.pageSize < all.length ? String(offset + this.pageSize) : undefined;
    return { events: page.map((e) => ({ ...e, ingestionTime: e.timestamp })), ...(next && { nextToken: next }) };
  }

  private describeGroups(i: DescribeLogGroupsCommandInput) {
    const names = [...this.groups.keys()].filter((n) => n.startsWith(i.logGroupNamePrefix ?? '')).sort();
    const offset = i.nextToken ? Number(i.nextToken) : 0;
    const size = i.limit ?? 2;
    const next = offset + size < names.length ? String(offset + size) : undefined;
    return { logGroups: names.slice(offset, offset + size).map((logGroupName) => ({ logGroupName })), ...(next && { nextToken: next }) };
  }

  private describeStreams(i: DescribeLogStreamsCommandInput) {
    const streams = [...this.group(i.logGroupName!).entries()].map(([logStreamName, events]) => ({
      logStreamName,
      ...(events.length && {
        firstEventTimestamp: Math.min(...events.map((e) => e.timestamp)),
        lastEventTimestamp: Math.max(...events.map((e) => e.timestamp)),
      }),
    }));
    streams.sort((a, b) => (b.lastEventTimestamp ?? 0) - (a.lastEventTimestamp ?? 0));
    return { logStreams: streams };
  }

  private group(name: string): Map<string, StoredEvent[]> {
    const g = this.groups.get(name);
    if (!g) throw new ResourceNotFoundException({ message: 'The specified log group does not exist.', ...meta });
    return g;
  }
}

function compilePattern(pattern: string | undefined): (message: string) => boolean {
  if (!pattern) return () => true;
  const json = /^\{(.*)\}$/s.exec(pattern.trim());
  if (json) {
    const conditions = [...json[1].matchAll(/\(\$\.(\w+) = "((?:[^"\\]|\\.)*)"\)/g)].map((m) => [m[1], m[2]] as const);
    return (message) => {
      try {
        const o = JSON.parse(message) as Record<string, unknown>;
        return conditions.every(([k, v]) => o[k] === v);
      } catch {
        return false;
      }
    };
  }
  const terms = [...pattern.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1].replace(/\\(.)/g, '$1'));
  return (message) => terms.every((t) => message.includes(t));
}
