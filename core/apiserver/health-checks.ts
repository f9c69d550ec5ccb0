/** A health check: resolves to undefined when healthy, else to a short reason. */
export type HealthCheck = () => Promise<string | undefined> | string | undefined;

/** Which endpoints run a check: `/readyz` only, or `/livez` and `/healthz` too. */
export type HealthScope = 'ready' | 'live';

/** The outcome of one check. */
export interface HealthResult {
  readonly name: string;
  readonly ok: boolean;
  readonly reason?: string;
}

/**
 * The named checks behind `/healthz`, `/livez` and `/readyz` (kube-apiserver's healthz package):
 * each endpoint passes when all of its checks pass; `?verbose` lists them as `[+]name ok` or
 * `[-]name failed: reason`, and `/<endpoint>/<name>` runs one. A check that throws or takes longer
 * than the timeout fails.
 */
export class HealthChecks {
  private readonly checks = new Map<string, { check: HealthCheck; scope: HealthScope }>();

  constructor(private readonly timeoutMs = 5_000) {}

  /** Adds (or replaces) a check. `live` checks run on every endpoint, `ready` checks on /readyz only. */
  add(name: string, check: HealthCheck, scope: HealthScope = 'ready'): void {
    this.checks.set(name, { check, scope });
  }

  /** Removes a check; unknown names are ignored. */
  remove(name: string): void {
    this.checks.delete(name);
  }

  /** The check names an endpoint runs, in registration order. */
  names(endpoint: 'healthz' | 'livez' | 'readyz'): string[] {
    return [...this.checks].filter(([, c]) => endpoint === 'readyz' || c.scope === 'live').map(([n]) => n);
  }

  /** Runs the checks of an endpoint (or only `only`), concurrently. */
  async run(endpoint: 'healthz' | 'livez' | 'readyz', only?: string): Promise<HealthResult[]> {
    const names = this.names(endpoint).filter((n) => only === undefined || n === only);
    return Promise.all(names.map((name) => this.runOne(name)));
  }

  private async runOne(name: string): Promise<HealthResult> {
    const { check } = this.checks.get(name)!;
    let timer: NodeJS.Timeout | undefined;
    try {
      const reason = await Promise.race([
        Promise.resolve().then(check),
        new Promise<string>((resolve) => {
          timer = setTimeout(() => resolve(`timed out after ${this.timeoutMs} ms`), this.timeoutMs);
        }),
      ]);
      return reason === undefined ? { name, ok: true } : { name, ok: false, reason };
    } catch (e) {
      return { name, ok: false, reason: (e as Error)?.message ?? String(e) };
    } finally {
      clearTimeout(timer);
    }
  }
}
