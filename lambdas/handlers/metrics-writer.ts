import { seriesBody } from './processors/envelope-bodies';
import { streamProcessor } from './processors/stream-processor';

/**
 * Lambda entry of `metrics-writer`: `series` envelopes from the metrics stream into the
 * MetricStore. Series the store rejects are bad data, not a reason to retry: they are logged.
 */
export const handler = streamProcessor('metrics-writer', {
  async series(envelope, ports) {
    const result = await ports.metrics.write(seriesBody(envelope.body));
    if (result.rejected.length > 0) {
      console.error(JSON.stringify({ level: 'warn', message: 'series rejected', envelopeId: envelope.id, rejected: result.rejected.slice(0, 10), count: result.rejected.length }));
    }
  },
});
