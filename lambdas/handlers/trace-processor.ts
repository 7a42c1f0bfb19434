import { spansBody } from './processors/envelope-bodies';
import { streamProcessor } from './processors/stream-processor';

/** Lambda entry of `trace-processor`: `spans` envelopes from the traces stream into the TraceStore. */
export const handler = streamProcessor('trace-processor', {
  async spans(envelope, ports) {
    await ports.traces.putSpans(spansBody(envelope.body));
  },
});
