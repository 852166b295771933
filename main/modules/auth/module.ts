import type { EntityManager } from 'typeorm';
import type { SessionInfo } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { summary } from '../../../shared/summaries';
import type { DomainHandlers } from '../../core/context';
import { FailAfterCommit, staged } from '../../core/dispatcher';
import type { DomainModule, ModuleContext } from '../../core/module';
import { SessionEntity, UserEntity, type User } from './entities';

export const MAX_FAILED_LOGINS = 5;

/** Hash used when the username does not exist, so a miss costs as much time as a wrong password. */
let dummyHash: Promise<string> | null = null;

/** What the password check outside the transaction found. */
type LoginCheck = { kind: 'unknown' } | { kind: 'locked' | 'wrong' | 'disabled' | 'ok'; user: User };

export function createAuthModule(m: ModuleContext): DomainModule<DomainHandlers<'auth'> & DomainHandlers<'setup'>> {
  const users = (em: EntityManager) => em.getRepository(UserEntity);

  async function userCount(em: EntityManager): Promise<number> {
    return users(em).count();
  }

  async function officePublic() {
    const s = m.settings.all();
    return { name: s.office.name, address: s.office.address, phone: s.office.phone, npwp: s.office.npwp, logo: s.office.logo, language: s.locale.language, timezone: s.locale.timezone };
  }

  return {
    handlers: {
      async 'setup.complete'(input, ctx): Promise<SessionInfo> {
        if ((await userCount(ctx.em)) > 0) throw new AppError('setup.already_done', 'This office has already been set up');
        const now = ctx.now.toISOString();
        await m.settings.set(ctx.em, 'office', input.office, null, ctx.now);
        await m.settings.set(ctx.em, 'locale', input.locale, null, ctx.now);
        const owner = await users(ctx.em).save({
          username: input.owner.username,
          fullName: input.owner.fullName,
          role: 'owner',
          status: 'active',
          passwordHash: await m.hasher.hash(input.owner.password),
          mustChangePassword: false,
          language: null,
          failedLogins: 0,
          lockedUntil: null,
          lastLoginAt: now,
          createdAt: now,
          updatedAt: now,
        });
        ctx.actAs(owner);
        ctx.audit(summary('setup.completed', { office: input.office.name, username: owner.username }));
        const { session } = await m.sessions.create(ctx.em, owner, ctx.binding, ctx.now);
        return m.sessions.info(session.id, owner, ctx.em);
      },

      async 'auth.state'(_input, ctx) {
        const needsSetup = (await userCount(ctx.em)) === 0;
        const session = ctx.user && ctx.sessionId ? await m.sessions.info(ctx.sessionId, ctx.user) : null;
        return { now: ctx.now.toISOString(), needsSetup, office: needsSetup ? null : await officePublic(), session };
      },

      /**
       * The password is verified before the write queue is taken, so a storm of logins never stalls the office's
       * saves. Every answer is the same ("wrong username or password") until the password is verified and the
       * account is usable: unknown, disabled and wrong-password users cannot be told apart.
       */
      'auth.login': staged(
        // Outside the write queue: the password hash is slow on purpose and must not hold up everyone's writes.
        async (input, ctx): Promise<LoginCheck> => {
          if ((await userCount(ctx.em)) === 0) throw new AppError('setup.required', 'Set up the office first');
          const found = await users(ctx.em).findOneBy({ username: input.username });
          if (!found) {
            dummyHash ??= m.hasher.hash('not-a-real-password');
            await m.hasher.verify(await dummyHash, input.password);
            return { kind: 'unknown' };
          }
          // Counted per account and address: an outsider's wrong passwords lock only their own address.
          const [guard] = (await ctx.em.query('SELECT locked_until FROM login_failures WHERE user_id = ? AND ip = ?', [found.id, ctx.ip ?? 'local'])) as { locked_until: string | null }[];
          // Held: the password is not even checked (no oracle), and the answer is the same as for everyone.
          if (guard?.locked_until && guard.locked_until > ctx.now.toISOString()) return { kind: 'locked', user: found };
          if (!(await m.hasher.verify(found.passwordHash, input.password))) return { kind: 'wrong', user: found };
          return { kind: found.status === 'active' ? 'ok' : 'disabled', user: found };
        },
        // In the call's transaction and audited by the dispatcher: a refused login is recorded and still refused.
        async (input, check, ctx) => {
          const refuse = (reason: string, s: ReturnType<typeof summary>, user: User | null) => {
            if (user) ctx.actAs(user);
            ctx.audit(s, { refused: reason });
            return new FailAfterCommit(new AppError('auth.invalid_credentials', 'Wrong username or password'));
          };
          if (check.kind === 'unknown') throw refuse('auth.invalid_credentials', summary('auth.unknownUser', { username: input.username }), null);
          // Read again inside the transaction: the account may have changed while the password was hashed.
          const user = await users(ctx.em).findOneBy({ id: check.user.id });
          if (!user) throw refuse('auth.invalid_credentials', summary('auth.unknownUser', { username: input.username }), null);
          if (check.kind === 'locked') throw refuse('auth.locked', summary('auth.refusedLocked', { username: user.username }), user);
          const from = ctx.ip ?? 'local';
          const now = ctx.now.toISOString();
          if (check.kind === 'wrong') {
            const [row] = (await ctx.em.query('SELECT failed FROM login_failures WHERE user_id = ? AND ip = ?', [user.id, from])) as { failed: number }[];
            const failed = (row?.failed ?? 0) + 1;
            const lock = failed >= MAX_FAILED_LOGINS;
            const lockedUntil = lock ? new Date(ctx.now.getTime() + m.settings.get('security').lockoutMinutes * 60_000).toISOString() : null;
            await ctx.em.query(
              `INSERT INTO login_failures (user_id, ip, failed, locked_until, updated_at) VALUES (?,?,?,?,?)
               ON CONFLICT (user_id, ip) DO UPDATE SET failed = excluded.failed, locked_until = excluded.locked_until, updated_at = excluded.updated_at`,
              [user.id, from, lock ? 0 : failed, lockedUntil, now],
            );
            // The Users screen shows the latest lock end; the lock itself holds for this address only.
            if (lock && (!user.lockedUntil || user.lockedUntil < lockedUntil!)) await users(ctx.em).update({ id: user.id }, { lockedUntil, updatedAt: now });
            const s = lock ? summary('auth.lockedNow', { username: user.username, until: lockedUntil }) : summary('auth.wrongPassword', { username: user.username, failed, max: MAX_FAILED_LOGINS });
            throw refuse(lock ? 'auth.locked' : 'auth.invalid_credentials', s, user);
          }
          if (check.kind === 'disabled' || user.status !== 'active') throw refuse('auth.disabled', summary('auth.refusedDisabled', { username: user.username }), user);
          await users(ctx.em).update({ id: user.id }, { lastLoginAt: now, updatedAt: now });
          await ctx.em.query('DELETE FROM login_failures WHERE user_id = ? AND ip = ?', [user.id, from]);
          const fresh: User = { ...user, lastLoginAt: now };
          // Logging in again on this client replaces its previous session.
          if (ctx.sessionId) await ctx.em.getRepository(SessionEntity).delete({ id: ctx.sessionId });
          const { session } = await m.sessions.create(ctx.em, fresh, ctx.binding, ctx.now);
          ctx.actAs(fresh);
          ctx.audit(summary('auth.loggedIn', { username: user.username }));
          return m.sessions.info(session.id, fresh, ctx.em);
        },
      ),

      async 'auth.logout'(_input, ctx) {
        if (ctx.sessionId) await ctx.em.getRepository(SessionEntity).delete({ id: ctx.sessionId });
        ctx.binding.setToken(null);
        ctx.audit(summary('auth.loggedOut', { username: ctx.user?.username ?? null }));
        return { ok: true };
      },

      async 'auth.changePassword'(input, ctx) {
        const user = ctx.user!;
        if (!(await m.hasher.verify(user.passwordHash, input.currentPassword))) {
          throw new AppError('auth.wrong_password', 'The current password is not correct');
        }
        await users(ctx.em).update(
          { id: user.id },
          { passwordHash: await m.hasher.hash(input.newPassword), mustChangePassword: false, updatedAt: ctx.now.toISOString() },
        );
        await m.sessions.endAllFor(ctx.em, user.id, ctx.sessionId, 'logout');
        ctx.audit(summary('auth.passwordChanged', { username: user.username }));
        return { ok: true };
      },

      async 'auth.setLanguage'(input, ctx) {
        await users(ctx.em).update({ id: ctx.user!.id }, { language: input.language, updatedAt: ctx.now.toISOString() });
        ctx.audit(summary('auth.languageChanged', { username: ctx.user!.username, language: input.language }));
        return { ok: true };
      },
    },
  };
}
