/**
 * Pacing for APIs with a request-rate limit (the SSO portal allows about
 * 20 requests/s per user). Two adaptive parts, both AIMD like TCP:
 *  - AdaptivePacer: a token bucket without burst (requests evenly spaced at
 *    `rate`); a throttle cuts the rate, each success raises it a little, so it
 *    settles just under whatever the server really allows.
 *  - AdaptiveConcurrency: caps requests in flight; halves on throttle, grows
 *    by one per window of successes. Keeps the pacer's queue short, so a
 *    request that must go next (a page of accounts) is not stuck behind a
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

export interface PacerOptions {
  /** Requests per second to start at; the documented limit is a fine start. */
  initialRate: number;
  minRate?: number;
  maxRate?: number;
  /** Multiplier applied on a throttle soon after another cut (at most once per `cooldownMs`); default 0.7. */
  decrease?: number;
  /** Multiplier for an isolated throttle (none in the last 3 cooldowns); default 0.95. */
  lightDecrease?: number;
  /** Rate added per second of success near the last throttle point (10× that below it), in requests/s. */
  increasePerSecond?: number;
  /** Throttles within this long after a cut belong to the same congestion event. */
  cooldownMs?: number;
  clock?: Clock;
}

export class AdaptivePacer {
  private nextSlot = 0;
  private lastCut = -Infinity;
  private lastSuccess: number | undefined;
  /** The rate at the last throttle: below it we climb back fast, near it we probe slowly. */
  private ceiling = Infinity;
  private readonly clock: Clock;
  rate: number;
  throttles = 0;

  constructor(private readonly o: PacerOptions) {
    this.clock = o.clock ?? realClock;
    this.rate = o.initialRate;
  }

  /** Resolves when this request may be sent: slots are `1/rate` apart, first come first served. */
  async acquire(): Promise<void> {
    const now = this.clock.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + 1000 / this.rate;
    if (slot > now) await this.clock.sleep(slot - now);
  }

  onThrottle(): void {
    this.throttles++;
    const now = this.clock.now();
    const sinceCut = now - this.lastCut;
    if (sinceCut < (this.o.cooldownMs ?? 1000)) return;
    this.lastCut = now;
    this.ceiling = this.rate;
    // An isolated throttle is usually jitter at the limit: a light cut. Throttles
    // in a row mean the real limit is lower: cut hard, so it is found quickly.
    const repeated = sinceCut < (this.o.cooldownMs ?? 1000) * 3;
    const factor = repeated ? (this.o.decrease ?? 0.7) : (this.o.lightDecrease ?? 0.95);
    this.rate = Math.max(this.o.minRate ?? 1, this.rate * factor);
    // Slots already handed out at the old spacing stay; new ones use the lower rate.
  }

  onSuccess(): void {
    const now = this.clock.now();
    const since = this.lastSuccess === undefined ? 0 : Math.min(1000, now - this.lastSuccess);
    this.lastSuccess = now;
    const slow = this.o.increasePerSecond ?? 0.2;
    const knee = this.ceiling * 0.95;
    const next = this.rate < knee ? Math.min(knee, this.rate + (slow * 10 * since) / 1000) : this.rate + (slow * since) / 1000;
    this.rate = Math.min(this.o.maxRate ?? this.o.initialRate * 2, next);
  }
}

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
