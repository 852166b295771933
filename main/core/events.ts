import { EventEmitter } from 'node:events';
import type { EventName, ServerEvents } from '../../shared/events';

export interface PushTarget {
  /** Only this session; omitted = every logged-in session. */
  sessionId?: number;
}

type Listener = <E extends EventName>(name: E, payload: ServerEvents[E], target: PushTarget) => void;

/** In-process bus; transports (IPC windows, SSE streams) subscribe and forward to their clients. */
export class EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(100);
  }

  emit<E extends EventName>(name: E, payload: ServerEvents[E], target: PushTarget = {}): void {
    this.emitter.emit('event', name, payload, target);
  }

  subscribe(listener: Listener): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
