import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Called inside an employer command's transaction once the register or an inspection changed. */
export type EmployerHook = (m: EntityManager, employerId: string, at: Date) => Promise<void>;

/**
 * Lets modules that follow employers (the risk rating behind early warnings) react to the
 * register's commands in the same transaction, without the employers module depending on them.
 */
@Injectable()
export class EmployerHooks {
  private readonly hooks: EmployerHook[] = [];

  register(hook: EmployerHook): void {
    this.hooks.push(hook);
  }

  async run(m: EntityManager, employerId: string, at: Date): Promise<void> {
    for (const hook of this.hooks) await hook(m, employerId, at);
  }
}
