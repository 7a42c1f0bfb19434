// Sends one batch of counters, a gauge and a histogram with the OpenTelemetry JS SDK to an OTLP/HTTP
// endpoint, then exits. Run as a child process (tsx): the exporters load their transport with a
// dynamic import, which jest's module sandbox refuses.
// Usage: tsx otel-sdk-sender.ts <url> <json|proto> <job>
import { OTLPMetricExporter as JsonExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';

async function main(): Promise<void> {
  const [url, format, job] = process.argv.slice(2);
  const exporter = format === 'proto' ? new ProtoExporter({ url, compression: CompressionAlgorithm.GZIP }) : new JsonExporter({ url });
  let failure: unknown;
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': job, 'service.instance.id': 'pod-1', 'deployment.environment': 'test' }),
    readers: [reader],
  });
  const meter = provider.getMeter('orders');
  const orders = meter.createCounter('orders.placed', { unit: '{order}', description: 'Orders placed' });
  orders.add(3, { 'payment.method': 'card' });
  orders.add(2, { 'payment.method': 'card' });
  orders.add(4, { 'payment.method': 'cash' });
  meter.createGauge('queue.depth', { unit: '{item}' }).record(7);
  const latency = meter.createHistogram('http.server.duration', { unit: 'ms', advice: { explicitBucketBoundaries: [10, 50, 100, 500] } });
  for (const v of [5, 20, 30, 40, 70, 80, 90, 200, 300, 1000]) latency.record(v, { 'http.route': '/pay' });
  // Export directly so a refused export is seen here (the reader would only log it).
  const { resourceMetrics, errors } = await reader.collect();
  if (errors.length > 0) throw errors[0];
  await new Promise<void>((resolve) =>
    exporter.export(resourceMetrics, (result) => {
      if (result.code !== 0) failure = result.error ?? new Error(`export failed with code ${result.code}`);
      resolve();
    }),
  );
  await provider.shutdown().catch(() => undefined);
  if (failure) throw failure;
  process.stdout.write('exported\n');
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
