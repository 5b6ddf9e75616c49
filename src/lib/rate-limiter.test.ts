import { describe, expect, it } from 'vitest';
import { AdaptiveConcurrency, SteadyPacer, type Clock } from './rate-limiter.js';

function fakeClock(): Clock & { t: number } {
  const c = {
    t: 0,
    now: () => c.t,
    sleep: async (ms: number) => {
      c.t += ms;
    },
  };
  return c;
}

describe('AdaptiveConcurrency', () => {
  it('never runs more than the limit at once and halves on throttle', async () => {
    const c = new AdaptiveConcurrency({ initial: 4, max: 8 });
    let active = 0;
    let peak = 0;
    const task = async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 2));
      active--;
    };
    await Promise.all(Array.from({ length: 20 }, () => c.run(task)));
    expect(peak).toBe(4);
    c.onThrottle();
    expect(c.limit).toBe(2);
    peak = 0;
    await Promise.all(Array.from({ length: 10 }, () => c.run(task)));
    expect(peak).toBe(2);
  });
});

describe('SteadyPacer', () => {
  it('spaces releases 1/rate × (1 + margin) apart, by the clock at release: a late wake-up never lets the next go early', async () => {
    // Timers that fire 7 ms late, as on a busy machine.
    const clock = { t: 0, now: () => clock.t, sleep: async (ms: number) => void (clock.t += ms + 7) };
    const p = new SteadyPacer({ rate: 20, margin: 0, minMargin: 0, clock });
    const at: number[] = [];
    for (let i = 0; i < 4; i++) {
      await p.acquire();
      at.push(clock.t);
    }
    expect(at).toEqual([0, 57, 114, 171]); // each 50 ms after the previous actual release, never 43
  });

  it('serves concurrent callers one at a time, in order', async () => {
    const clock = fakeClock();
    const p = new SteadyPacer({ rate: 10, margin: 0.1, clock });
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3].map((i) => p.acquire().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3]);
    expect(clock.t).toBeCloseTo(3 * 110, 5);
  });

  it('learns the jitter as a margin, gives it back while nothing is throttled, and lowers the rate only when the limit is really lower', () => {
    const p = new SteadyPacer({ rate: 20, margin: 0.02, maxMargin: 0.03, clock: fakeClock() });
    p.onThrottle();
    expect(p.margin).toBeCloseTo(0.025, 9);
    expect(p.rate).toBe(20);
    for (let i = 0; i < 50; i++) p.onSuccess();
    expect(p.margin).toBeCloseTo(0.023, 9);
    p.onThrottle(); // 0.028
    p.onThrottle(); // 0.03, the widest
    expect(p.rate).toBe(20);
    p.onThrottle(); // still throttled at the widest margin: the limit is lower than known
    expect(p.rate).toBe(18);
    expect(p.margin).toBeCloseTo(0.02, 9);
    expect(p.throttles).toBe(4);
  });
});
