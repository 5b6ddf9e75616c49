import { describe, expect, it } from 'vitest';
import { RequestPacer, concurrencyLimit, type Clock } from './rate-limiter.js';

/** Virtual time: sleeps resolve in time order when the test advances the clock (nothing waits for real). */
function virtualClock(): Clock & { t: number; run: (until: () => boolean) => Promise<void> } {
  const timers: { at: number; seq: number; fire: () => void }[] = [];
  let seq = 0;
  const settle = () => new Promise<void>((r) => setImmediate(r));
  const c = {
    t: 0,
    now: () => c.t,
    sleep: (ms: number) => new Promise<void>((r) => void timers.push({ at: c.t + Math.max(0, ms), seq: seq++, fire: r })),
    async run(until: () => boolean) {
      for (let guard = 0; guard < 1_000_000; guard++) {
        await settle();
        if (until()) return;
        timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const next = timers.shift();
        if (!next) throw new Error('stalled: nothing scheduled and not done');
        c.t = Math.max(c.t, next.at);
        next.fire();
      }
      throw new Error('did not finish');
    },
  };
  return c;
}

/**
 * A portal with a token-bucket limit (burst 1, like the emulator's strictest) that
 * counts each request `countMs` after it was sent (plus jitter) and answers
 * `answerMs` after counting. Sends `n` requests through the pacer, each retried
 * until it gets through, `concurrency` at a time.
 */
async function simulate(o: { pacer: RequestPacer; clock: ReturnType<typeof virtualClock>; n: number; rps: number; countMs: number; answerMs: number; jitter?: () => number; concurrency?: number }) {
  let tokens = 1;
  let at = 0;
  let served = 0;
  let throttled = 0;
  const take = (now: number) => {
    tokens = Math.min(1, tokens + ((now - at) * o.rps) / 1000);
    at = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
  const one = async () => {
    for (;;) {
      const answered = await o.pacer.acquire();
      await o.clock.sleep(o.countMs + (o.jitter?.() ?? 0));
      const ok = take(o.clock.now());
      await o.clock.sleep(ok ? o.answerMs : 0.2);
      answered(ok ? 200 : 429);
      if (ok) return void served++;
      throttled++;
    }
  };
  const limit = concurrencyLimit(o.concurrency ?? 8);
  const all = Promise.all(Array.from({ length: o.n }, () => limit(one)));
  await o.clock.run(() => served === o.n);
  await all;
  return { elapsed: o.clock.t, throttled };
}

/** Deterministic jitter in [0, max) ms. */
function jitter(max: number, seed = 7): () => number {
  let x = seed;
  return () => ((x = (x * 48271) % 2147483647) / 2147483647) * max;
}

describe('concurrencyLimit', () => {
  it('never runs more than the limit at once, in the order given', async () => {
    const limit = concurrencyLimit(3);
    let active = 0;
    let peak = 0;
    const started: number[] = [];
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        limit(async () => {
          started.push(i);
          peak = Math.max(peak, ++active);
          await new Promise((r) => setTimeout(r, 1 + (i % 3)));
          active--;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(started).toEqual([...Array(12).keys()]);
  });
});

describe('RequestPacer', () => {
  it('spaces releases at least 1/rate apart by the clock at release: a late wake-up never lets the next go early', async () => {
    // Timers that fire 7 ms late, as on a busy machine; answers come at once.
    const clock = { t: 0, now: () => clock.t, sleep: async (ms: number) => void (clock.t += ms + 7) };
    const p = new RequestPacer({ rate: 20, maxInFlight: 4, clock });
    const at: number[] = [];
    for (let i = 0; i < 4; i++) {
      (await p.acquire())(200);
      at.push(clock.t);
    }
    expect(at).toEqual([0, 57, 114, 171]); // each 50 ms after the previous actual release, never 43
  });

  it('at a round trip near 1/rate, sends the next request when the previous is answered, not before', async () => {
    const clock = virtualClock();
    const p = new RequestPacer({ rate: 20, clock });
    const released: number[] = [];
    let answers = 0;
    const send = async (answerAfter: number) => {
      const answered = await p.acquire();
      released.push(clock.t);
      await clock.sleep(answerAfter);
      answered(200);
      answers++;
    };
    void Promise.all([53, 56, 52, 60, 54].map(send));
    await clock.run(() => answers === 5);
    expect(released).toEqual([0, 53, 109, 161, 221]);
    expect(p.window).toBe(1);
    expect(p.roundTripMs).toBe(54);
  });

  it('a bucket without burst, counting 50 ms after sending with 0-1.5 ms of jitter, answering 1 ms later: 1,000 requests near the floor, none throttled', async () => {
    const clock = virtualClock();
    const pacer = new RequestPacer({ rate: 20, clock });
    const r = await simulate({ pacer, clock, n: 1000, rps: 20, countMs: 50, answerMs: 1, jitter: jitter(1.5) });
    expect(r.elapsed / (1000 * 50)).toBeLessThan(1.04);
    expect(r.throttled).toBe(0);
    expect(pacer.rate).toBe(20);
  });

  it('a portal whose limit is lower than told: backs off until it gets through, and never goes above the limit it was told', async () => {
    const clock = virtualClock();
    const pacer = new RequestPacer({ rate: 25, clock });
    const r = await simulate({ pacer, clock, n: 200, rps: 10, countMs: 30, answerMs: 1, jitter: jitter(1) });
    expect(pacer.rate).toBeLessThanOrEqual(25);
    expect(pacer.rate).toBeLessThan(14);
    // Near the real 10 requests/s, not stuck far below it, and the throttles are a minority.
    expect(r.elapsed / (200 * 100)).toBeLessThan(1.35);
    expect(r.throttled).toBeLessThan(100);
  });

  it('isolated throttles widen the margin and leave the rate alone; many cut it; clean answers bring it back up to the limit', async () => {
    const clock = virtualClock();
    const p = new RequestPacer({ rate: 20, clock });
    const send = async (status: number) => {
      let done = false;
      void p.acquire().then((answered) => {
        answered(status);
        done = true;
      });
      await clock.run(() => done);
    };
    await send(429);
    expect(p.rate).toBe(20);
    expect(p.margin).toBeCloseTo(0.005, 9);
    for (let i = 0; i < 5; i++) await send(429);
    expect(p.rate).toBeLessThan(20);
    const cut = p.rate;
    for (let i = 0; i < 400; i++) await send(200);
    expect(p.rate).toBeGreaterThan(cut);
    expect(p.rate).toBe(20);
    expect(p.throttles).toBe(6);
  });
});
