/**
 * The service's figures in Prometheus's text format: requests by route and
 * status, a latency histogram, the render queue and certificates issued.
 * A few counters need no library; labels are route patterns and codes,
 * never a value from a request.
 */

/** Latency buckets in seconds: a certificate takes tens of milliseconds, a queue under load seconds. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

const labels = (l: Record<string, string>) =>
  `{${Object.entries(l)
    .map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`)
    .join(',')}}`;

export class Metrics {
  readonly #requests = new Map<string, number>();
  readonly #latency = new Map<string, Histogram>();
  readonly #issued = new Map<string, number>();
  readonly #started = Date.now();

  /** One answered request. */
  request(method: string, route: string, status: number, seconds: number): void {
    const key = labels({ method, route, status: String(status) });
    this.#requests.set(key, (this.#requests.get(key) ?? 0) + 1);
    const hKey = labels({ method, route });
    const h = this.#latency.get(hKey) ?? { counts: BUCKETS.map(() => 0), sum: 0, count: 0 };
    for (const [i, b] of BUCKETS.entries()) if (seconds <= b) h.counts[i]!++;
    h.sum += seconds;
    h.count++;
    this.#latency.set(hKey, h);
  }

  /** A certificate issued (new) or given again for a repeated key. */
  issued(kind: 'new' | 'repeated'): void {
    this.#issued.set(kind, (this.#issued.get(kind) ?? 0) + 1);
  }

  /** The exposition text; the queue's figures are read when asked. */
  text(queue: { waiting: number; rendering: number; threads: number; capacity: number }): string {
    const out: string[] = [];
    const family = (name: string, type: string, help: string) => out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    family('suket_http_requests_total', 'counter', 'HTTP requests answered, by route pattern and status.');
    for (const [k, v] of this.#requests) out.push(`suket_http_requests_total${k} ${v}`);
    family('suket_http_request_duration_seconds', 'histogram', 'Time from request to the last byte of the answer.');
    for (const [k, h] of this.#latency) {
      const base = k.slice(0, -1);
      for (const [i, b] of BUCKETS.entries()) out.push(`suket_http_request_duration_seconds_bucket${base},le="${b}"} ${h.counts[i]}`);
      out.push(`suket_http_request_duration_seconds_bucket${base},le="+Inf"} ${h.count}`);
      out.push(`suket_http_request_duration_seconds_sum${k} ${h.sum}`, `suket_http_request_duration_seconds_count${k} ${h.count}`);
    }
    family('suket_certificates_issued_total', 'counter', 'Certificates issued by this process (repeated: given again for a retried Idempotency-Key).');
    for (const kind of ['new', 'repeated'] as const) out.push(`suket_certificates_issued_total${labels({ kind })} ${this.#issued.get(kind) ?? 0}`);
    family('suket_render_queue_waiting', 'gauge', 'Admitted requests waiting for a render thread.');
    out.push(`suket_render_queue_waiting ${queue.waiting}`);
    family('suket_render_threads_busy', 'gauge', 'Render threads rendering now.');
    out.push(`suket_render_threads_busy ${queue.rendering}`);
    family('suket_render_threads', 'gauge', 'Render threads in the pool.');
    out.push(`suket_render_threads ${queue.threads}`);
    family('suket_render_capacity', 'gauge', 'Requests admitted at most (threads plus queue); beyond it the service answers 503.');
    out.push(`suket_render_capacity ${queue.capacity}`);
    family('suket_process_uptime_seconds', 'gauge', 'Seconds since the service started.');
    out.push(`suket_process_uptime_seconds ${(Date.now() - this.#started) / 1000}`);
    family('suket_process_resident_memory_bytes', 'gauge', 'Resident set size.');
    out.push(`suket_process_resident_memory_bytes ${process.memoryUsage.rss()}`);
    return `${out.join('\n')}\n`;
  }
}
