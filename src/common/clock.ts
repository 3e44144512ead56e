import { Injectable } from '@nestjs/common';

/** The time, injectable so that tests can move it (deadlines, lockouts, objection windows). */
@Injectable()
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Tests only: shift the server's notion of now. */
  travel(ms: number): void {
    this.offsetMs += ms;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
