import type { EntityManager } from 'typeorm';
import type { DomainEvent, DomainEventData, DomainEventType } from '../../shared/events';

export type { DomainEvent, DomainEventData, DomainEventType };

/** Runs inside the publisher's transaction: writing its own rows (an outbox) there commits them with the change. */
export type DomainEventSubscriber = (em: EntityManager, e: DomainEvent) => Promise<void>;

/**
 * The in-transaction bus of domain events (the catalogue is shared/events.ts). A module publishes from where the
 * business change is written, with that write's EntityManager; every subscriber runs in order, awaited, inside the
 * same transaction. A subscriber that throws fails the publish and so rolls the business change back: an outbox
 * row and the change it reports commit together or not at all. Nothing is buffered or delivered after commit.
 * (The EventBus in events.ts is the other direction: pushes to the UI, after commit, fire and forget.)
 */
export class DomainEvents {
  private readonly subscribers: DomainEventSubscriber[] = [];

  /** Adds a subscriber (called after those already there); returns its removal. */
  subscribe(fn: DomainEventSubscriber): () => void {
    this.subscribers.push(fn);
    return () => {
      const i = this.subscribers.indexOf(fn);
      if (i >= 0) this.subscribers.splice(i, 1);
    };
  }

  /** Publishes inside the caller's write transaction (refused outside one: the event would commit with nothing). */
  async publish<T extends DomainEventType>(em: EntityManager, type: T, data: DomainEventData[T], at: Date): Promise<void> {
    if (!em.queryRunner?.isTransactionActive) throw new Error(`domain event ${type} published outside a write transaction`);
    const event = { type, data, at } as DomainEvent;
    for (const fn of [...this.subscribers]) await fn(em, event);
  }
}
