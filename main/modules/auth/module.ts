import type { EntityManager } from 'typeorm';
import type { SessionInfo } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { summary } from '../../../shared/summaries';
import type { DomainHandlers } from '../../core/context';
import { appendAudit } from '../audit/module';
import { redactForAudit } from '../../core/redact';
import type { DomainModule, ModuleContext } from '../../core/module';
import { SessionEntity, UserEntity, type User } from './entities';

export const MAX_FAILED_LOGINS = 5;

/** Hash used when the username does not exist, so a miss costs as much time as a wrong password. */
let dummyHash: Promise<string> | null = null;

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
      async 'auth.login'(input, ctx) {
        if ((await userCount(ctx.em)) === 0) throw new AppError('setup.required', 'Set up the office first');
        const found = await users(ctx.em).findOneBy({ username: input.username });
        const invalid = () => new AppError('auth.invalid_credentials', 'Wrong username or password');
        const audited = async <T>(user: User | null, s: ReturnType<typeof summary>, fn: (em: EntityManager) => Promise<T>, failed?: string): Promise<T> =>
          m.db.write(async (em) => {
            const out = await fn(em);
            await appendAudit(em, { at: ctx.now.toISOString(), user, method: ctx.method, summary: s, details: { input: redactForAudit(input), ...(failed ? { failed } : {}) }, transport: ctx.transport, ip: ctx.ip });
            return out;
          });
        if (!found) {
          dummyHash ??= m.hasher.hash('not-a-real-password');
          await m.hasher.verify(await dummyHash, input.password);
          await audited(null, summary('auth.unknownUser', { username: input.username }), async () => undefined, 'auth.invalid_credentials');
          throw invalid();
        }
        // Counted per account and address: an outsider's wrong passwords lock only their own address.
        const from = ctx.ip ?? 'local';
        const [guard] = (await ctx.em.query('SELECT failed, locked_until FROM login_failures WHERE user_id = ? AND ip = ?', [found.id, from])) as { failed: number; locked_until: string | null }[];
        if (guard?.locked_until && guard.locked_until > ctx.now.toISOString()) {
          // Held: the password is not even checked (no oracle), and the answer is the same as for everyone.
          await audited(found, summary('auth.refusedLocked', { username: found.username }), async () => undefined, 'auth.locked');
          throw invalid();
        }
        const ok = await m.hasher.verify(found.passwordHash, input.password);
        if (!ok) {
          await m.db.write(async (em) => {
            const [row] = (await em.query('SELECT failed FROM login_failures WHERE user_id = ? AND ip = ?', [found.id, from])) as { failed: number }[];
            const failed = (row?.failed ?? 0) + 1;
            const lock = failed >= MAX_FAILED_LOGINS;
            const lockedUntil = lock ? new Date(ctx.now.getTime() + m.settings.get('security').lockoutMinutes * 60_000).toISOString() : null;
            await em.query(
              `INSERT INTO login_failures (user_id, ip, failed, locked_until, updated_at) VALUES (?,?,?,?,?)
               ON CONFLICT (user_id, ip) DO UPDATE SET failed = excluded.failed, locked_until = excluded.locked_until, updated_at = excluded.updated_at`,
              [found.id, from, lock ? 0 : failed, lockedUntil, ctx.now.toISOString()],
            );
            const user = await users(em).findOneByOrFail({ id: found.id });
            // The Users screen shows the latest lock end; the lock itself holds for this address only.
            if (lock && (!user.lockedUntil || user.lockedUntil < lockedUntil!)) await users(em).update({ id: user.id }, { lockedUntil, updatedAt: ctx.now.toISOString() });
            await appendAudit(em, {
              at: ctx.now.toISOString(),
              user,
              method: ctx.method,
              summary: lock ? summary('auth.lockedNow', { username: user.username, until: lockedUntil }) : summary('auth.wrongPassword', { username: user.username, failed, max: MAX_FAILED_LOGINS }),
              details: { input: redactForAudit(input), failed: lock ? 'auth.locked' : 'auth.invalid_credentials', from },
              transport: ctx.transport,
              ip: ctx.ip,
            });
          });
          throw invalid();
        }
        if (found.status !== 'active') {
          await audited(found, summary('auth.refusedDisabled', { username: found.username }), async () => undefined, 'auth.disabled');
          throw invalid();
        }
        return audited(found, summary('auth.loggedIn', { username: found.username }), async (em) => {
          const now = ctx.now.toISOString();
          await users(em).update({ id: found.id }, { lastLoginAt: now, updatedAt: now });
          await em.query('DELETE FROM login_failures WHERE user_id = ? AND ip = ?', [found.id, from]);
          const fresh: User = { ...found, lastLoginAt: now };
          // Logging in again on this client replaces its previous session.
          if (ctx.sessionId) await em.getRepository(SessionEntity).delete({ id: ctx.sessionId });
          const { session } = await m.sessions.create(em, fresh, ctx.binding, ctx.now);
          return m.sessions.info(session.id, fresh, em);
        });
      },

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
