/**
 * Faults injected per operation ('*' for all): latency, a rate limit, errors
 * for the next N calls, dropped connections. Set at start or at run time
 * through the admin endpoint.
 */
export interface Fault {
  operation: string;
  latencyMs?: number;
  /** Requests per second allowed (token bucket); more get throttled. */
  rps?: number;
  /** Bucket size for rps (default rps): 1 spaces requests at least 1/rps apart. */
  burst?: number;
  /** Answer with this HTTP status (and `code`) instead of serving. */
  status?: number;
  code?: string;
  /** Close the connection without answering. */
  drop?: boolean;
  /** How many requests the status/drop fault applies to (default: all). */
  times?: number;
  /** Serve this many matching requests normally before the fault starts. */
  skip?: number;
}

export type FaultOutcome = { kind: 'serve' } | { kind: 'throttle' } | { kind: 'error'; status: number; code?: string } | { kind: 'drop' };

interface Bucket {
  tokens: number;
  at: number;
}

export class FaultTable {
  private faults: Fault[] = [];
  private buckets = new Map<Fault, Bucket>();

  set(fault: Fault): void {
    this.faults = this.faults.filter((f) => f.operation !== fault.operation);
    this.faults.push({ ...fault });
  }

  clear(): void {
    this.faults = [];
    this.buckets.clear();
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** Waits the injected latency, then says how to answer this request. */
  async apply(operation: string): Promise<FaultOutcome> {
    const matching = this.faults.filter((f) => f.operation === operation || f.operation === '*');
    const latency = Math.max(0, ...matching.map((f) => f.latencyMs ?? 0));
    if (latency) await new Promise((r) => setTimeout(r, latency));
    for (const f of matching) {
      if (f.skip) {
        f.skip--;
        continue;
      }
      if (f.rps && !this.take(f)) return { kind: 'throttle' };
      if ((f.status || f.drop) && (f.times === undefined || f.times > 0)) {
        if (f.times !== undefined) f.times--;
        return f.drop ? { kind: 'drop' } : { kind: 'error', status: f.status!, code: f.code };
      }
    }
    return { kind: 'serve' };
  }

  private take(f: Fault): boolean {
    const now = Date.now();
    const cap = f.burst ?? f.rps!;
    const b = this.buckets.get(f) ?? { tokens: cap, at: now };
    b.tokens = Math.min(cap, b.tokens + ((now - b.at) * f.rps!) / 1000);
    b.at = now;
    this.buckets.set(f, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}
