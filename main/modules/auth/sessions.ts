import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { SessionInfo } from '../../../shared/contract';
import { permissionsOf } from '../../../shared/permissions';
import type { Db } from '../../core/db';
import type { ResolvedSession } from '../../core/dispatcher';
import type { Binding } from '../../core/context';
import type { EventBus } from '../../core/events';
import { toUserDto } from './dto';
import { SessionEntity, UserEntity, type Session, type User } from './entities';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Sessions slide: each use moves expiry to now + idle timeout. */
export class SessionStore {
  constructor(
    private readonly db: Db,
    private readonly events: EventBus,
    private readonly idleMinutes: () => number,
  ) {}

  async create(em: EntityManager, user: User, binding: Binding, now: Date): Promise<{ token: string; session: Session }> {
    const token = randomBytes(32).toString('base64url');
    const session = await em.getRepository(SessionEntity).save({
      tokenHash: hashToken(token),
      userId: user.id,
      csrfToken: randomBytes(24).toString('base64url'),
      transport: binding.transport,
      ip: binding.ip,
      createdAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.idleMinutes() * 60_000).toISOString(),
    });
    binding.setToken(token);
    return { token, session };
  }

  async findByToken(token: string): Promise<Session | null> {
    return this.db.manager.getRepository(SessionEntity).findOneBy({ tokenHash: hashToken(token) });
  }

  async resolve(token: string, now: Date): Promise<ResolvedSession | 'expired' | null> {
    const session = await this.findByToken(token);
    if (!session) return null;
    const user = await this.db.manager.getRepository(UserEntity).findOneBy({ id: session.userId });
    if (!user || user.status !== 'active') {
      await this.db.write((em) => em.getRepository(SessionEntity).delete({ id: session.id }));
      return null;
    }
    if (session.expiresAt <= now.toISOString()) {
      await this.db.write((em) => em.getRepository(SessionEntity).delete({ id: session.id }));
      return 'expired';
    }
    // Touch at most once a minute: keeps the write queue quiet under a busy UI.
    if (now.getTime() - Date.parse(session.lastSeenAt) > 60_000) {
      const expiresAt = new Date(now.getTime() + this.idleMinutes() * 60_000).toISOString();
      await this.db.write((em) => em.getRepository(SessionEntity).update({ id: session.id }, { lastSeenAt: now.toISOString(), expiresAt }));
    }
    return { user, sessionId: session.id };
  }

  /** Whether a session still holds, and for whom (current role) — without sliding or ending it. */
  async peek(token: string, now: Date): Promise<ResolvedSession | null> {
    const session = await this.findByToken(token);
    if (!session || session.expiresAt <= now.toISOString()) return null;
    const user = await this.db.manager.getRepository(UserEntity).findOneBy({ id: session.userId });
    return user && user.status === 'active' ? { user, sessionId: session.id } : null;
  }

  async info(sessionId: number, user: User, em: EntityManager = this.db.manager): Promise<SessionInfo> {
    const s = await em.getRepository(SessionEntity).findOneByOrFail({ id: sessionId });
    return {
      user: toUserDto(user),
      permissions: [...permissionsOf(user.role)],
      csrfToken: s.transport === 'http' ? s.csrfToken : null,
      expiresAt: s.expiresAt,
    };
  }

  /** Ends every session of a user (disabled, password reset), optionally keeping one; their UIs are told. */
  async endAllFor(em: EntityManager, userId: number, exceptSessionId: number | null = null, reason: 'disabled' | 'logout' = 'disabled'): Promise<void> {
    const ids = (await em.getRepository(SessionEntity).findBy({ userId })).map((s) => s.id).filter((id) => id !== exceptSessionId);
    if (ids.length === 0) return;
    await em.getRepository(SessionEntity).delete(ids);
    this.db.afterCommit(() => {
      for (const sessionId of ids) this.events.emit('session.ended', { reason }, { sessionId });
    });
  }

  async csrfOf(token: string): Promise<string | null> {
    return (await this.findByToken(token))?.csrfToken ?? null;
  }
}
