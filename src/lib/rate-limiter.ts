/**
 * Pacing for APIs with a request-rate limit (the SSO portal allows about
 * 20 requests/s per user). Two parts:
 *  - SteadyPacer: requests evenly spaced at the known rate, with a margin
 *    for jitter that it learns (below).
 *  - AdaptiveConcurrency: caps requests in flight; halves on throttle, grows
 *    by one per window of successes (AIMD). Keeps the pacer's queue short, so
 *    a request that must go next (a page of accounts) is not stuck behind a
 *    thousand others.
 * Clock and sleep are injected for tests.
 */
export interface Clock {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

export interface ConcurrencyOptions {
  initial: number;
  /**
   * Keep above rate × latency plus the calls sleeping in a retry backoff (they
   * hold their slot): too low a floor, not the pacer, would then set the pace.
   */
  min?: number;
  max: number;
  cooldownMs?: number;
}

export class AdaptiveConcurrency {
  limit: number;
  private lastCut = -Infinity;
  private active = 0;
  private successes = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(private readonly o: ConcurrencyOptions) {
    this.limit = o.initial;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    while (this.active >= Math.floor(this.limit)) await new Promise<void>((r) => this.waiters.push(r));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.wake();
    }
  }

  onThrottle(): void {
    // One cut per congestion event: a burst of 429s from one moment halves once.
    const now = Date.now();
    if (now - this.lastCut < (this.o.cooldownMs ?? 1000)) return;
    this.lastCut = now;
    this.limit = Math.max(this.o.min ?? 1, Math.floor(this.limit / 2));
    this.successes = 0;
  }

  onSuccess(): void {
    if (++this.successes >= this.limit) {
      this.successes = 0;
      this.limit = Math.min(this.o.max, this.limit + 1);
      this.wake();
    }
  }

  private wake(): void {
    // Woken callers re-check the limit themselves, so waking one too many is harmless.
    let free = Math.floor(this.limit) - this.active;
    while (free-- > 0 && this.waiters.length) this.waiters.shift()!();
  }
}

export interface SteadyPacerOptions {
  /** The limit, requests/s: known (documented, configured) or learned from an earlier run. */
  rate: number;
  /** Spacing added over 1/rate at first, as a share of it (default 0.02); it adapts to the jitter seen within [minMargin 0.01, maxMargin 0.1]. */
  margin?: number;
  minMargin?: number;
  maxMargin?: number;
  clock?: Clock;
}

/**
 * Paces to a known limit instead of discovering it: a token bucket without
 * burst, the strictest form such a limit takes. Releases are spaced by the
 * clock at release time (a late wake-up never lets the next one go early, so
 * arrivals never bunch), `1/rate × (1 + margin)` apart. The margin covers the
 * jitter between our release and the server's count, and learns it (AIMD):
 * +0.5 point per throttle, −0.1 per 25 requests without one, within
 * [minMargin, maxMargin]; a throttle costs one slot, so a rare one is cheaper
 * than a wide margin. Only when throttles go on at the widest margin is the
 * limit itself lower than known: then the rate drops by a tenth.
 */
export class SteadyPacer {
  rate: number;
  margin: number;
  throttles = 0;
  private readonly clock: Clock;
  private last = -Infinity;
  private queue: Promise<void> = Promise.resolve();
  private cleanRun = 0;

  constructor(private readonly o: SteadyPacerOptions) {
    this.clock = o.clock ?? realClock;
    this.rate = o.rate;
    this.margin = o.margin ?? 0.02;
  }

  /** Resolves when this request may be sent; first come first served. */
  acquire(): Promise<void> {
    const turn = this.queue.then(async () => {
      const wait = this.last + (1000 / this.rate) * (1 + this.margin) - this.clock.now();
      if (wait > 0) await this.clock.sleep(wait);
      this.last = this.clock.now();
    });
    this.queue = turn;
    return turn;
  }

  onThrottle(): void {
    this.throttles++;
    this.cleanRun = 0;
    const max = this.o.maxMargin ?? 0.1;
    if (this.margin < max) {
      this.margin = Math.min(max, this.margin + 0.005);
      return;
    }
    this.rate *= 0.9;
    this.margin = this.o.margin ?? 0.02;
  }

  onSuccess(): void {
    if (++this.cleanRun < 25) return;
    this.cleanRun = 0;
    this.margin = Math.max(this.o.minMargin ?? 0.01, this.margin - 0.001);
  }
}
