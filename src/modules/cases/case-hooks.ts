import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CaseEntity } from './case.entity';

/** What a case command tells other modules, inside its transaction. */
export interface CaseHappening {
  type: string;
  /** Facts for whoever follows the case, e.g. { dueDate, amount, outcome, reason }. */
  info?: Record<string, string>;
}

export type CaseHook = (m: EntityManager, c: CaseEntity, happening: CaseHappening, at: Date) => Promise<void>;

/**
 * Lets modules that hang off cases (wage claims) follow every case command in the same
 * transaction, without the cases module depending on them.
 */
@Injectable()
export class CaseHooks {
  private readonly hooks: CaseHook[] = [];

  register(hook: CaseHook): void {
    this.hooks.push(hook);
  }

  async run(m: EntityManager, c: CaseEntity, happening: CaseHappening, at: Date): Promise<void> {
    for (const hook of this.hooks) await hook(m, c, happening, at);
  }
}
