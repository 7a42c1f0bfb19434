import {
  BatchGetTracesCommand,
  GetServiceGraphCommand,
  GetTraceSummariesCommand,
  PutTraceSegmentsCommand,
  type BatchGetTracesCommandInput,
  type GetServiceGraphCommandInput,
  type GetTraceSummariesCommandInput,
  type PutTraceSegmentsCommandInput,
  type ServiceInputTypes,
  type ServiceOutputTypes,
  type XRayClientResolvedConfig,
} from '@aws-sdk/client-xray';
import type { AwsStub } from 'aws-sdk-client-mock';

interface Doc {
  trace_id: string;
  id: string;
  parent_id?: string;
  type?: string;
  name: string;
  start_time: number;
  end_time: number;
  fault?: boolean;
  annotations?: Record<string, unknown>;
  subsegments?: Doc[];
}

/**
 * A stateful X-Ray behind aws-sdk-client-mock. PutTraceSegments validates the documented
 * required fields (and at most 50 documents per call) and stores the documents; BatchGetTraces
 * (1 to 5 ids) answers segments with standalone subsegments nested into their parent segment,
 * as X-Ray does; GetTraceSummaries filters by event time and the filter-expression subset the
 * store writes, `pageSize` summaries per page; GetServiceGraph lists segment names.
 */
export class FakeXRay {
  readonly traces = new Map<string, Doc[]>();

  constructor(private readonly pageSize = 3) {}

  install(mock: AwsStub<ServiceInputTypes, ServiceOutputTypes, XRayClientResolvedConfig>): void {
    mock.on(PutTraceSegmentsCommand).callsFake((i: PutTraceSegmentsCommandInput) => this.put(i));
    mock.on(BatchGetTracesCommand).callsFake((i: BatchGetTracesCommandInput) => this.batchGet(i));
    mock.on(GetTraceSummariesCommand).callsFake((i: GetTraceSummariesCommandInput) => this.summaries(i));
    mock.on(GetServiceGraphCommand).callsFake((i: GetServiceGraphCommandInput) => this.graph(i));
  }

  private put(i: PutTraceSegmentsCommandInput) {
    const docs = i.TraceSegmentDocuments ?? [];
    if (docs.length > 50) throw new Error('InvalidRequestException: too many documents');
    const unprocessed: { Id?: string; ErrorCode: string; Message: string }[] = [];
    for (const raw of docs) {
      const d = JSON.parse(raw) as Doc;
      const ok =
        /^1-[0-9a-f]{8}-[0-9a-f]{24}$/.test(d.trace_id) && /^[0-9a-f]{16}$/.test(d.id) && d.name && typeof d.start_time === 'number' &&
        typeof d.end_time === 'number' && (d.type !== 'subsegment' || d.parent_id) && Buffer.byteLength(raw) <= 64 * 1024;
      if (!ok) {
        unprocessed.push({ Id: d.id, ErrorCode: 'InvalidSegment', Message: 'segment document is missing a required field' });
        continue;
      }
      const list = (this.traces.get(d.trace_id) ?? []).filter((x) => x.id !== d.id);
      this.traces.set(d.trace_id, [...list, d]);
    }
    return { UnprocessedTraceSegments: unprocessed };
  }

  private batchGet(i: BatchGetTracesCommandInput) {
    const ids = i.TraceIds ?? [];
    if (ids.length < 1 || ids.length > 5) throw new Error('InvalidRequestException: 1 to 5 trace ids');
    const traces = ids
      .filter((id) => this.traces.has(id))
      .map((id) => {
        const docs = this.traces.get(id)!.map((d) => ({ ...d, subsegments: [] as Doc[] }));
        const byId = new Map(docs.map((d) => [d.id, d]));
        const top: Doc[] = [];
        for (const d of docs) {
          const parent = d.type === 'subsegment' && d.parent_id ? byId.get(d.parent_id) : undefined;
          if (parent) parent.subsegments!.push(stripForNesting(d));
          else top.push(d);
        }
        const clean = (d: Doc): Doc => {
          const { subsegments, ...rest } = d;
          return subsegments && subsegments.length ? { ...rest, subsegments: subsegments.map(clean) } : rest;
        };
        return { Id: id, Duration: duration(this.traces.get(id)!), Segments: top.map((d) => ({ Id: d.id, Document: JSON.stringify(clean(d)) })) };
      });
    return { Traces: traces, UnprocessedTraceIds: ids.filter((id) => !this.traces.has(id)) };
  }

  private summaries(i: GetTraceSummariesCommandInput) {
    const start = i.StartTime!.getTime() / 1000;
    const end = i.EndTime!.getTime() / 1000;
    const test = compileFilter(i.FilterExpression);
    const all = [...this.traces.entries()]
      .filter(([, docs]) => docs.some((d) => d.start_time >= start && d.start_time <= end))
      .filter(([, docs]) => test(docs))
      .map(([id, docs]) => ({
        Id: id,
        StartTime: new Date(Math.round(Math.min(...docs.map((d) => d.start_time)) * 1000)),
        Duration: duration(docs),
        HasFault: docs.some((d) => d.fault),
        ServiceIds: [...new Set(docs.map((d) => d.name))].map((Name) => ({ Name })),
      }));
    const offset = i.NextToken ? Number(i.NextToken) : 0;
    const next = offset + this.pageSize < all.length ? String(offset + this.pageSize) : undefined;
    return { TraceSummaries: all.slice(offset, offset + this.pageSize), ApproximateTime: new Date(), ...(next && { NextToken: next }) };
  }

  private graph(i: GetServiceGraphCommandInput) {
    const start = i.StartTime!.getTime() / 1000;
    const end = i.EndTime!.getTime() / 1000;
    const names = new Set<string>();
    for (const docs of this.traces.values()) for (const d of docs) if (d.start_time >= start && d.start_time <= end) names.add(d.name);
    return { Services: [...names].map((Name, k) => ({ ReferenceId: k, Name, Names: [Name], Type: 'AWS::EC2::Instance' })) };
  }
}

/** X-Ray drops trace_id, parent_id and type from a subsegment once it is nested. */
function stripForNesting(d: Doc): Doc {
  const { trace_id: _t, parent_id: _p, type: _ty, ...rest } = d;
  return rest as Doc;
}

function duration(docs: Doc[]): number {
  return Math.max(...docs.map((d) => d.end_time)) - Math.min(...docs.map((d) => d.start_time));
}

function compileFilter(expr: string | undefined): (docs: Doc[]) => boolean {
  if (!expr) return () => true;
  const tests = expr.split(' AND ').map((part): ((docs: Doc[]) => boolean) => {
    let m = /^service\("((?:[^"\\]|\\.)*)"\)$/.exec(part);
    if (m) {
      const name = m[1].replace(/\\(.)/g, '$1');
      return (docs) => docs.some((d) => d.name === name);
    }
    m = /^annotation\.(\w+) = "((?:[^"\\]|\\.)*)"$/.exec(part);
    if (m) {
      const [key, value] = [m[1], m[2].replace(/\\(.)/g, '$1')];
      return (docs) => docs.some((d) => d.annotations?.[key] === value);
    }
    m = /^duration (>=|<=) ([\d.e-]+)$/.exec(part);
    if (m) {
      const [op, n] = [m[1], Number(m[2])];
      return (docs) => (op === '>=' ? duration(docs) >= n - 1e-9 : duration(docs) <= n + 1e-9);
    }
    throw new Error(`InvalidRequestException: fake cannot parse filter ${part}`);
  });
  return (docs) => tests.every((t) => t(docs));
}
