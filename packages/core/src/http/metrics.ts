import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one core instance (its own registry, so several can share a process). */
export interface CoreMetrics {
  readonly registry: Registry;
  readonly requests: Counter<'method' | 'route' | 'status'>;
  readonly latency: Histogram<'method' | 'route'>;
  readonly records: Counter<'entity' | 'outcome'>;
  /** Request bodies admitted and not yet answered (see `guardBodies`). */
  readonly bodiesInFlight: Gauge;
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
    bodiesInFlight: new Gauge({
      name: 'madeup_http_bodies_in_flight',
      help: 'Request bodies being received or handled (bounded by MADEUP_MAX_BODIES_IN_FLIGHT)',
      registers: [registry],
    }),
  };
}
