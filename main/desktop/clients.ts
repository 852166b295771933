import type { Binding } from '../core/context';
import type { PushTarget } from '../core/events';

/** Resolves a session token to its session id (core.sessions.findByToken), null when unknown. */
export type SessionLookup = (token: string) => Promise<number | null>;

/**
 * Login state of each renderer (webContents id), kept in main: the session token never crosses the
 * bridge. Pure (no electron import) so it is unit-tested; ipc.ts wires it to webContents.
 */
export class ClientSessions {
  private readonly tokens = new Map<number, string>();
  private readonly sessionIds = new Map<number, number>();
  private readonly queues = new Map<number, Promise<void>>();

  /** The dispatcher binding for one call from client `id`. */
  binding(id: number): Binding {
    const token = this.tokens.get(id) ?? null;
    return {
      transport: 'ipc',
      ip: null,
      token,
      setToken: (next) => {
        // A stale call (started with an older token) must not log out a newer login.
        if (next === null && this.tokens.get(id) !== token) return;
        this.set(id, next);
      },
    };
  }

  token(id: number): string | null {
    return this.tokens.get(id) ?? null;
  }

  set(id: number, token: string | null): void {
    this.sessionIds.delete(id);
    if (token) this.tokens.set(id, token);
    else this.tokens.delete(id);
  }

  /** The webContents was destroyed. */
  forget(id: number): void {
    this.set(id, null);
    this.queues.delete(id);
  }

  /** Session id of the client's token; cached, so an event about a just-deleted session still arrives. */
  async sessionIdOf(id: number, lookup: SessionLookup): Promise<number | null> {
    const cached = this.sessionIds.get(id);
    if (cached !== undefined) return cached;
    const token = this.tokens.get(id);
    if (!token) return null;
    const sessionId = await lookup(token);
    if (sessionId !== null && this.tokens.get(id) === token) this.sessionIds.set(id, sessionId);
    return sessionId;
  }

  /** Push events go to logged-in clients only; a target session narrows them to that session. */
  async accepts(id: number, target: PushTarget, lookup: SessionLookup): Promise<boolean> {
    if (!this.tokens.has(id)) return false;
    if (target.sessionId === undefined) return true;
    return (await this.sessionIdOf(id, lookup)) === target.sessionId;
  }

  /** Runs tasks for one client in order (events must not overtake each other while a lookup is pending). */
  enqueue(id: number, task: () => Promise<void>): Promise<void> {
    const next = (this.queues.get(id) ?? Promise.resolve()).then(task).catch(() => undefined);
    this.queues.set(id, next);
    return next;
  }
}
