import { describe, expect, it } from 'vitest';
import { AdaptiveConcurrency, AdaptivePacer, type Clock } from './rate-limiter.js';

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

describe('AdaptivePacer', () => {
  it('cuts lightly for an isolated throttle, hard for throttles in a row', () => {
    const clock = fakeClock();
    const p = new AdaptivePacer({ initialRate: 20, clock });
    clock.t = 10_000;
    p.onThrottle();
    expect(p.rate).toBeCloseTo(19, 5);
    clock.t += 1500;
    p.onThrottle();
    expect(p.rate).toBeCloseTo(13.3, 5);
  });

  it('spaces requests 1/rate apart', async () => {
    const clock = fakeClock();
    const p = new AdaptivePacer({ initialRate: 20, clock });
    for (let i = 0; i < 21; i++) await p.acquire();
    expect(clock.t).toBeCloseTo(1000, 5);
  });

  it('cuts the rate once per congestion event and climbs back slowly', () => {
    const clock = fakeClock();
    const p = new AdaptivePacer({ initialRate: 20, decrease: 0.5, lightDecrease: 0.5, cooldownMs: 1000, increasePerSecond: 1, maxRate: 30, clock });
    p.onThrottle();
    p.onThrottle();
    expect(p.rate).toBe(10);
    clock.t = 1500;
    p.onThrottle();
    expect(p.rate).toBe(5);
    p.onSuccess();
    // Below the last throttle point (10/s) it climbs fast, but only up to 95% of it...
    clock.t += 1000;
    p.onSuccess();
    expect(p.rate).toBeCloseTo(9.5, 5);
    // ...then probes slowly.
    clock.t += 1000;
    p.onSuccess();
    expect(p.rate).toBeCloseTo(10.5, 5);
    expect(p.throttles).toBe(3);
  });
});

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
