import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CaseEntity } from './case.entity';
import { NewCaseEvent } from './case-event.types';

/**
 * What a case command tells other modules, inside its transaction: the event it writes, whose
 * `detail` is typed by its `type` (switch on `type` to read it).
 */
export type CaseHappening = NewCaseEvent;

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
