import { VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../../src/pipeline/console/rateLimiter.ts';

function clock() {
  const scheduler = new VirtualTimeScheduler();
  const advance = (ms: number) => {
    scheduler.schedule(() => {}, ms);
    scheduler.flush();
  };
  return { scheduler, advance };
}

describe('createRateLimiter', () => {
  it('allows `limit` attempts per key per window, then says when to retry', () => {
    const { scheduler, advance } = clock();
    const limiter = createRateLimiter({ limit: 2, windowMs: 1000, scheduler });
    expect(limiter.take('ops')).toEqual({ ok: true });
    advance(100);
    expect(limiter.take('ops')).toEqual({ ok: true });
    expect(limiter.take('ops')).toEqual({ ok: false, retryAfterMs: 900 });
    expect(limiter.take('other')).toEqual({ ok: true });
    advance(900);
    expect(limiter.take('ops')).toEqual({ ok: true });
    expect(limiter.take('ops')).toEqual({ ok: false, retryAfterMs: 100 });
  });

  it('forgets the least recently used key beyond maxKeys', () => {
    const { scheduler } = clock();
    const limiter = createRateLimiter({ limit: 1, maxKeys: 2, scheduler });
    limiter.take('a');
    limiter.take('b');
    limiter.take('c'); // evicts a
    expect(limiter.take('a')).toEqual({ ok: true });
    expect(limiter.take('c')).toMatchObject({ ok: false });
  });
});
