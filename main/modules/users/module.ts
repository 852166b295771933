import type { EntityManager } from 'typeorm';
import { AppError } from '../../../shared/errors';
import { summary } from '../../../shared/summaries';
import type { Role } from '../../../shared/permissions';
import type { CallContext, DomainHandlers } from '../../core/context';
import type { DomainModule, ModuleContext } from '../../core/module';
import { accounts, toUserDto, type User } from '../auth';

export function createUsersModule(m: ModuleContext): DomainModule<DomainHandlers<'users'>> {
  async function load(ctx: CallContext, id: number): Promise<User> {
    const u = await accounts.find(ctx.em, id);
    if (!u) throw new AppError('not_found', 'User not found');
    return u;
  }

  /** Only an owner may create, change or disable an owner account, or make someone an owner. */
  function guardOwner(ctx: CallContext, target: User | null, newRole?: Role): void {
    const touchesOwner = target?.role === 'owner' || newRole === 'owner';
    if (touchesOwner && ctx.user!.role !== 'owner') throw new AppError('users.owner_only', 'Only an owner can manage owner accounts');
  }

  async function activeOwnersOtherThan(em: EntityManager, id: number): Promise<number> {
    return accounts.otherActiveOwners(em, id);
  }

  async function save(ctx: CallContext, u: User, changes: Partial<User>): Promise<User> {
    const next = { ...u, ...changes, updatedAt: ctx.now.toISOString() };
    await accounts.update(ctx.em, u.id, { ...changes, updatedAt: next.updatedAt });
    return next;
  }

  return {
    handlers: {
      async 'users.list'(input, ctx) {
        return (await accounts.list(ctx.em, input)).map(toUserDto);
      },

      async 'users.create'(input, ctx) {
        guardOwner(ctx, null, input.role);
        if (await accounts.usernameTaken(ctx.em, input.username)) {
          throw new AppError('users.username_taken', `The username "${input.username}" is already taken`);
        }
        const now = ctx.now.toISOString();
        const user = await accounts.insert(ctx.em, {
          username: input.username,
          fullName: input.fullName,
          role: input.role,
          status: 'active',
          passwordHash: await m.hasher.hash(input.password),
          // The person chooses their own password at first login.
          mustChangePassword: true,
          language: null,
          failedLogins: 0,
          lockedUntil: null,
          lastLoginAt: null,
          createdAt: now,
          updatedAt: now,
        });
        ctx.audit(summary('users.created', { username: user.username, role: user.role }), { userId: user.id });
        return toUserDto(user);
      },

      async 'users.update'(input, ctx) {
        const u = await load(ctx, input.id);
        guardOwner(ctx, u, input.role);
        if (u.role === 'owner' && input.role !== 'owner' && (await activeOwnersOtherThan(ctx.em, u.id)) === 0) {
          throw new AppError('users.last_owner', 'The office needs at least one active owner');
        }
        const changes: Record<string, [string, string]> = {};
        if (u.fullName !== input.fullName) changes.fullName = [u.fullName, input.fullName];
        if (u.role !== input.role) changes.role = [u.role, input.role];
        const next = await save(ctx, u, { fullName: input.fullName, role: input.role });
        ctx.audit(summary('users.updated', { username: u.username }), { userId: u.id, changes });
        return toUserDto(next);
      },

      async 'users.setStatus'(input, ctx) {
        const u = await load(ctx, input.id);
        guardOwner(ctx, u);
        if (input.status === 'disabled') {
          if (u.id === ctx.user!.id) throw new AppError('users.self', 'You cannot disable your own account');
          if (u.role === 'owner' && (await activeOwnersOtherThan(ctx.em, u.id)) === 0) {
            throw new AppError('users.last_owner', 'The office needs at least one active owner');
          }
          await m.sessions.endAllFor(ctx.em, u.id);
        }
        const next = await save(ctx, u, { status: input.status });
        ctx.audit(summary(input.status === 'disabled' ? 'users.disabled' : 'users.enabled', { username: u.username }), { userId: u.id });
        return toUserDto(next);
      },

      async 'users.resetPassword'(input, ctx) {
        const u = await load(ctx, input.id);
        guardOwner(ctx, u);
        const next = await save(ctx, u, {
          passwordHash: await m.hasher.hash(input.newPassword),
          mustChangePassword: u.id !== ctx.user!.id,
          failedLogins: 0,
          lockedUntil: null,
        });
        await accounts.clearLoginFailures(ctx.em, u.id);
        await m.sessions.endAllFor(ctx.em, u.id, ctx.sessionId, 'logout');
        ctx.audit(summary('users.passwordReset', { username: u.username }), { userId: u.id });
        return toUserDto(next);
      },

      async 'users.unlock'(input, ctx) {
        const u = await load(ctx, input.id);
        guardOwner(ctx, u);
        const next = await save(ctx, u, { failedLogins: 0, lockedUntil: null });
        await accounts.clearLoginFailures(ctx.em, u.id);
        ctx.audit(summary('users.unlocked', { username: u.username }), { userId: u.id });
        return toUserDto(next);
      },
    },
  };
}
