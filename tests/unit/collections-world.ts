import type { Core } from '../../main/app/app';
import type { Input } from '../../shared/contract';
import type { Role } from '../../shared/permissions';
import { Caller, OWNER, setupOffice, startCore, TestClock } from '../support/core';

/** 10:00 in Jakarta on an office-local date. */
export const wib = (date: string, time = '10:00'): Date => new Date(`${date}T${time}:00+07:00`);

export interface CollectWorld {
  core: Core;
  owner: Caller;
  clock: TestClock;
  /** A staff member with a role, logged in with their own password. */
  staff(username: string, role: Role, fullName?: string): Promise<{ caller: Caller; id: number }>;
  /** A customer (over the contract) and, when `owes` > 0, a charge due on `due` (default today). */
  customer(c: Partial<Input<'customers.create'>> & { name: string }, owes?: number, due?: string): Promise<number>;
  /** Logs a caller in again (sessions expire while the clock moves). */
  relogin(c: Caller, username: string): Promise<void>;
  close(): Promise<void>;
}

const PASSWORD = 'kata-sandi-baru-1';

/** An office without routers: customers, one-off charges as arrears, and staff of every role. */
export async function collectWorld(start = '2026-12-01'): Promise<CollectWorld> {
  const clock = new TestClock(wib(start));
  const core = await startCore({ now: clock.now });
  const owner = await setupOffice(core);
  const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(clock.now());
  return {
    core,
    owner,
    clock,
    async staff(username, role, fullName = `Staf ${username}`) {
      const u = await owner.call('users.create', { username, fullName, role, password: 'sementara-123' });
      const caller = new Caller(core);
      await caller.call('auth.login', { username, password: 'sementara-123' });
      await caller.call('auth.changePassword', { currentPassword: 'sementara-123', newPassword: PASSWORD });
      return { caller, id: u.id };
    },
    async customer(c, owes = 0, due) {
      const { id } = await owner.call('customers.create', c);
      if (owes > 0) await owner.call('invoices.createCharge', { customerId: id, type: 'other', description: 'Tagihan bulanan', amount: owes, dueDate: due ?? today() });
      return id;
    },
    async relogin(c, username) {
      await c.call('auth.login', { username, password: username === OWNER.username ? OWNER.password : PASSWORD });
    },
    close: () => core.close(),
  };
}
