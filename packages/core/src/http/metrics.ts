import { Counter, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one core instance (its own registry, so several can share a process). */
export interface CoreMetrics {
  readonly registry: Registry;
  readonly requests: Counter<'method' | 'route' | 'status'>;
  readonly latency: Histogram<'method' | 'route'>;
  readonly records: Counter<'entity' | 'outcome'>;
}

export function createMetrics(): CoreMetrics {
  const registry = new Registry();
  return {
    registry,
    requests: new Counter({
      name: 'madeup_http_requests_total',
      help: 'HTTP requests by method, route and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    latency: new Histogram({
      name: 'madeup_http_request_duration_seconds',
      help: 'HTTP request latency',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    records: new Counter({
      name: 'madeup_import_records_total',
      help: 'Imported records by entity and outcome',
      labelNames: ['entity', 'outcome'],
      registers: [registry],
    }),
  };
}
