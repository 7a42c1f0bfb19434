import { logRecordsBody } from './processors/envelope-bodies';
import { streamProcessor } from './processors/stream-processor';

/** Lambda entry of `log-processor`: `log-records` envelopes from the logs stream into the LogStore. */
export const handler = streamProcessor('log-processor', {
  async 'log-records'(envelope, ports) {
    await ports.logs.append(logRecordsBody(envelope.body));
  },
});
