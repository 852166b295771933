import type { WaChannelEvents, WaLogger, WaState, WaStatus } from './types';

type Listeners = { [E in keyof WaChannelEvents]: Set<WaChannelEvents[E]> };

/** What a transition may change besides the state; fields left out keep their value, except as `set` says. */
export type StatusPatch = Partial<Omit<WaStatus, 'state' | 'since'>>;

/**
 * The status and the listeners a channel shares with its users. `set` stamps `since` only when the state
 * really changes and emits 'status' only when something changed. A listener that throws is logged, never
 * allowed to break the channel.
 */
export class ChannelState {
  private current: WaStatus;
  private readonly listeners: Listeners = { status: new Set(), ack: new Set(), message: new Set() };

  constructor(
    private readonly logger: WaLogger,
    private readonly now: () => Date,
  ) {
    this.current = { state: 'off', qr: null, pairingCode: null, me: null, reason: null, since: now().toISOString(), nextRetryAt: null };
  }

  get(): WaStatus {
    return { ...this.current };
  }

  get state(): WaState {
    return this.current.state;
  }

  /**
   * Moves to `state`. Unless given in `patch`: qr and pairingCode are kept only while the state stays 'qr',
   * `me` only while 'connected' or 'connecting', reason and nextRetryAt are cleared.
   */
  set(state: WaState, patch: StatusPatch = {}): void {
    const prev = this.current;
    const next: WaStatus = {
      state,
      qr: state === 'qr' ? prev.qr : null,
      pairingCode: state === 'qr' ? prev.pairingCode : null,
      me: state === 'connected' || state === 'connecting' ? prev.me : null,
      reason: null,
      nextRetryAt: null,
      ...patch,
      since: state === prev.state ? prev.since : this.now().toISOString(),
    };
    const changed = (Object.keys(next) as (keyof WaStatus)[]).some((k) => next[k] !== prev[k]);
    if (!changed) return;
    this.current = next;
    if (state !== prev.state) this.logger.info({ whatsapp: { state, reason: next.reason, nextRetryAt: next.nextRetryAt } }, `whatsapp: ${prev.state} → ${state}`);
    this.emit('status', this.get());
  }

  on<E extends keyof WaChannelEvents>(event: E, fn: WaChannelEvents[E]): () => void {
    const set = this.listeners[event] as Set<WaChannelEvents[E]>;
    set.add(fn);
    return () => {
      set.delete(fn);
    };
  }

  emit<E extends keyof WaChannelEvents>(event: E, ...args: Parameters<WaChannelEvents[E]>): void {
    for (const fn of [...(this.listeners[event] as Set<(...a: Parameters<WaChannelEvents[E]>) => void>)]) {
      try {
        fn(...args);
      } catch (e) {
        this.logger.error({ err: e, event }, 'whatsapp: a channel listener threw');
      }
    }
  }
}

/** An error's message, one line, at most 300 characters (for status reasons and WaSendError). */
export function errorText(e: unknown): string {
  const s = e instanceof Error ? e.message : String(e);
  return s.replace(/\s+/g, ' ').trim().slice(0, 300) || 'unknown error';
}
