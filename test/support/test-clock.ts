/** A clock for live servers in tests. */
import type { Clock } from '../../src/services/deps.js';

/**
 * Frozen near real time (SigV4 allows 15 minutes of skew), 10 s into a 30-second TOTP step, and moved by hand.
 */
export class TestClock implements Clock {
  private t = Math.floor(Date.now() / 30_000) * 30_000 + 10_000;
  now(): Date {
    return new Date(this.t);
  }
  advance(ms: number): void {
    this.t += ms;
  }
  /** The TOTP time step (RFC 6238, 30 s) the clock is in. */
  step(): number {
    return Math.floor(this.t / 30_000);
  }
}
