/**
 * Pacing for APIs with a request-rate limit (the SSO portal allows about 20
 * requests/s per user, a token bucket). Clock and sleep are injected for tests.
 */
export interface Clock {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

/** Runs at most `limit` of the given tasks at once, in the order they were given. */
export function concurrencyLimit(limit: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (fn) => {
    if (active >= limit) await new Promise<void>((r) => waiting.push(r));
    else active++;
    try {
      return await fn();
    } finally {
      // The slot passes straight to the next in line (active unchanged), so nobody overtakes it.
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

export interface RequestPacerOptions {
  /** The limit, requests/s: known (documented) or set by the person. Never exceeded. */
  rate: number;
  /** Where to start, at or below `rate` (default `rate`). */
  initialRate?: number;
  /** The most requests on the wire at once (default 16). */
  maxInFlight?: number;
  clock?: Clock;
}

/** What the pacer is told when a request it released is answered: the HTTP status, or undefined when none came (network error). */
export type Answered = (status: number | undefined) => void;

/**
 * A window one request smaller than the rate needs is kept when it costs at
 * most this share of the rate (see RequestPacer).
 */
export const WINDOW_SLACK = 0.1;

/**
 * Paces to a known limit instead of discovering it. A request is released when
 * both hold:
 *  - spacing: at least `1/rate × (1 + margin)` after the previous release, by
 *    the clock at release (a late wake-up never lets the next one go early);
 *  - window: fewer than `window` requests are on the wire (released, not yet
 *    answered). The window is the number in flight that keeps up with the rate
 *    at the shortest recent round trip, one less when that costs at most WINDOW_SLACK.
 *    At 20 requests/s and a round trip near 50 ms it is 1: the next request goes
 *    out when the previous one is answered, and the portal, which counted that
 *    one before it answered, never sees two closer than that, whatever the
 *    lateness of its timers or ours on a busy machine (against a bucket without
 *    burst, requests spaced by the clock alone see a few percent throttled,
 *    each throttle a whole slot lost).
 * Waiting for the answer also waits for the portal's work after it counted
 * the request and for the way back (a millisecond or two). Sending one before
 * the answer was tried and measured (against the emulator, 1,000 accounts):
 * the requests it sends are the ones whose answer is late, which is when the
 * portal counted late, so one in ten was throttled (1.08× the floor, and
 * 1.11× with a window of 3 spaced by the clock alone, against 1.07× waiting).
 *
 * On throttling: a 429 widens the margin (+0.5 point, up to 10,
 * given back slowly) and leaves the rate alone: the limit is met, a throttle
 * costs one slot. Throttles that keep coming (more than a fifth of recent
 * answers) mean the limit is lower than the rate: the rate is cut by 30%, at
 * most once per window of releases, and climbs back by 5% of the limit per 20
 * answers without a throttle.
 */
export class RequestPacer {
  /** Current rate, requests/s (≤ the limit). */
  rate: number;
  readonly limit: number;
  margin = 0;
  throttles = 0;
  /** Requests allowed on the wire at once. */
  window = 1;
  private readonly clock: Clock;
  private readonly maxInFlight: number;
  private last = -Infinity;
  private inFlight = 0;
  private queue: Promise<void> = Promise.resolve();
  private answered: (() => void) | undefined;
  /** Round trips (ms) of the last 64 answers that were not throttles, release to answer. */
  private readonly recent: number[] = [];
  private rtt: number | undefined;
  private baseRtt: number | undefined;
  /** Share of recent answers that were throttles (moving average over ~10). */
  private throttleShare = 0;
  private cleanRun = 0;
  private releasesSinceCut = Infinity;

  constructor(o: RequestPacerOptions) {
    this.clock = o.clock ?? realClock;
    this.limit = o.rate;
    this.rate = Math.min(o.rate, o.initialRate ?? o.rate);
    this.maxInFlight = Math.max(1, o.maxInFlight ?? 16);
  }

  /** Median round trip of recent answers (ms), once there is one. */
  get roundTripMs(): number | undefined {
    return this.rtt;
  }

  /** Resolves when this request may be sent, first come first served, to the function to call with its answer. */
  acquire(): Promise<Answered> {
    const turn = this.queue.then(() => this.waitTurn());
    this.queue = turn;
    return turn.then(() => {
      const released = this.clock.now();
      let open = true;
      return (status) => {
        if (!open) return;
        open = false;
        this.inFlight--;
        if (status === 429) this.onThrottle();
        else {
          if (status !== undefined) this.sampleRoundTrip(this.clock.now() - released);
          this.onAnswer();
        }
        const wake = this.answered;
        this.answered = undefined;
        wake?.();
      };
    });
  }

  private sampleRoundTrip(ms: number): void {
    this.recent.push(ms);
    if (this.recent.length > 64) this.recent.shift();
    // The median of the last 9 is the typical round trip, robust to the slow first answers (a new connection).
    const last9 = this.recent.slice(-9).sort((a, b) => a - b);
    this.rtt = last9[last9.length >> 1]!;
    // The window follows the shortest recent round trip (the path's own, as TCP Vegas and BBR
    // take it): on a busy machine round trips stretch, and a wider window would then only let
    // the portal count two requests too close together.
    this.baseRtt = Math.min(...this.recent);
    this.window = this.windowFor(this.baseRtt);
  }

  private windowFor(rttMs: number): number {
    const needed = (this.rate * rttMs) / 1000;
    return Math.min(this.maxInFlight, Math.max(1, Math.ceil(needed / (1 + WINDOW_SLACK))));
  }

  private async waitTurn(): Promise<void> {
    for (;;) {
      if (this.inFlight >= this.window) {
        await new Promise<void>((r) => (this.answered = r));
        continue;
      }
      // Loop: a timer may fire a little early (it counts whole milliseconds).
      const wait = this.last + (1000 / this.rate) * (1 + this.margin) - this.clock.now();
      if (wait <= 1e-6) break;
      await this.clock.sleep(wait);
    }
    this.last = this.clock.now();
    this.inFlight++;
    this.releasesSinceCut++;
  }

  private onThrottle(): void {
    this.throttles++;
    this.cleanRun = 0;
    this.throttleShare += (1 - this.throttleShare) / 10;
    this.margin = Math.min(0.1, this.margin + 0.005);
    if (this.throttleShare > 0.2 && this.releasesSinceCut > this.window + 1) {
      this.rate = Math.max(this.limit / 100, this.rate * 0.7);
      this.window = this.windowFor(this.baseRtt ?? 0);
      this.releasesSinceCut = 0;
    }
  }

  private onAnswer(): void {
    this.throttleShare -= this.throttleShare / 10;
    // Given back slowly: about one throttle in a hundred answers keeps the margin where it is.
    this.margin = Math.max(0, this.margin - 0.00005);
    if (++this.cleanRun % 20 === 0 && this.rate < this.limit) {
      this.rate = Math.min(this.limit, this.rate + this.limit * 0.05);
      this.window = this.windowFor(this.baseRtt ?? 0);
    }
  }
}
