import { Inject, Injectable, Logger } from '@nestjs/common';
import { PubSubEngine } from 'graphql-subscriptions';
import { PUB_SUB } from '../../common/pubsub';
import { CaseEventModel } from './case.model';

export const CASE_EVENTS = 'caseEvents';

/** What goes over the bus: the event and who could see the case at that moment. */
export interface CaseEventMessage {
  event: Omit<CaseEventModel, 'at'> & { at: string };
  /** Units that could see the case when the event happened. */
  visibleTo: string[];
  /** The handling unit's line (for the subscription's unitCode filter). */
  handlingLine: string[];
}

@Injectable()
export class CaseEventsBus {
  private readonly log = new Logger('CaseEvents');

  constructor(@Inject(PUB_SUB) private readonly pubSub: PubSubEngine) {}

  /**
   * Called after the transaction that wrote the events has committed: the command has happened
   * whatever becomes of the notification, so a bus that is down is logged, never the command's
   * failure (the events stay in case_event; live subscribers were told the stream broke).
   */
  async publish(messages: CaseEventMessage[]): Promise<void> {
    try {
      for (const m of messages) await this.pubSub.publish(CASE_EVENTS, m);
    } catch (e) {
      this.log.warn(`${messages.length} event(s) not broadcast: ${(e as Error).message}`);
    }
  }

  iterator(): AsyncIterator<CaseEventMessage> {
    return this.pubSub.asyncIterableIterator<CaseEventMessage>(CASE_EVENTS);
  }
}
