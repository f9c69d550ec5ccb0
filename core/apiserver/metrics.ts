/** A Prometheus counter or histogram family with labels, rendered in the text exposition format. */
interface Family {
  help: string;
  type: 'counter' | 'histogram' | 'gauge';
  series: Map<
    string,
    { labels: Record<string, string>; value: number; buckets?: number[]; sum?: number; count?: number }
  >;
  bucketBounds?: number[];
}

const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** The API server's own metrics, under the names kube-apiserver uses. */
export class ApiServerMetrics {
  private readonly families = new Map<string, Family>();
  private readonly gauges = new Map<string, () => number>();

  constructor() {
    this.family(
      'apiserver_request_total',
      'counter',
      'Counter of apiserver requests broken out for each verb, group, version, resource and HTTP response code.',
    );
    this.family(
      'apiserver_request_duration_seconds',
      'histogram',
      'Response latency distribution in seconds for each verb, group, version and resource.',
      latencyBuckets,
    );
  }

  /** Records one finished request. */
  observeRequest(verb: string, group: string, version: string, resource: string, code: number, seconds: number): void {
    const labels = { verb: verb.toUpperCase(), group, version, resource, code: String(code) };
    this.inc('apiserver_request_total', labels, 1);
    if (verb !== 'watch')
      this.observe('apiserver_request_duration_seconds', { verb: labels.verb, group, version, resource }, seconds);
  }

  /** Registers a gauge read at scrape time. */
  gauge(name: string, help: string, read: () => number): void {
    this.family(name, 'gauge', help);
    this.gauges.set(name, read);
  }

  /** Registers an info metric: one series with constant value 1 whose labels carry the facts (`build_info` style). */
  info(name: string, help: string, labels: Record<string, string>): void {
    this.family(name, 'gauge', help);
    this.families.get(name)!.series.set(labelText(labels), { labels, value: 1 });
  }

  /** The text exposition format. */
  render(): string {
    const out: string[] = [];
    for (const [name, f] of this.families) {
      out.push(`# HELP ${name} ${f.help}`, `# TYPE ${name} ${f.type}`);
      if (f.type === 'gauge') {
        const read = this.gauges.get(name);
        if (read) out.push(`${name} ${read()}`);
        for (const s of f.series.values()) out.push(`${name}{${labelText(s.labels)}} ${s.value}`);
        continue;
      }
      for (const s of f.series.values()) {
        const l = labelText(s.labels);
        if (f.type === 'counter') out.push(`${name}{${l}} ${s.value}`);
        else {
          let cumulative = 0;
          f.bucketBounds!.forEach((b, i) => {
            cumulative += s.buckets![i]!;
            out.push(`${name}_bucket{${l},le="${b}"} ${cumulative}`);
          });
          out.push(
            `${name}_bucket{${l},le="+Inf"} ${s.count}`,
            `${name}_sum{${l}} ${s.sum}`,
            `${name}_count{${l}} ${s.count}`,
          );
        }
      }
    }
    return out.join('\n') + '\n';
  }

  private family(name: string, type: Family['type'], help: string, bucketBounds?: number[]): void {
    if (!this.families.has(name)) this.families.set(name, { help, type, series: new Map(), bucketBounds });
  }

  private inc(name: string, labels: Record<string, string>, by: number): void {
    const f = this.families.get(name)!;
    const key = labelText(labels);
    const s = f.series.get(key);
    if (s) s.value += by;
    else f.series.set(key, { labels, value: by });
  }

  private observe(name: string, labels: Record<string, string>, v: number): void {
    const f = this.families.get(name)!;
    const key = labelText(labels);
    let s = f.series.get(key);
    if (!s) {
      s = { labels, value: 0, buckets: f.bucketBounds!.map(() => 0), sum: 0, count: 0 };
      f.series.set(key, s);
    }
    const i = f.bucketBounds!.findIndex((b) => v <= b);
    if (i >= 0) s.buckets![i]!++;
    s.sum! += v;
    s.count!++;
  }
}

function labelText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
    .join(',');
}
