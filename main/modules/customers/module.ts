import { AppError } from '../../../shared/errors';
import { summary } from '../../../shared/summaries';
import type { DomainHandlers } from '../../core/context';
import type { DomainModule, ModuleContext } from '../../core/module';
import { customerLedgerPage, forViewer, subscriptionDtos } from '../billing';
import { todayIn } from '../../../shared/dates';
import type { RouterService } from '../routers';
import type { EntityManager } from 'typeorm';
import { CustomerEntity } from './entity';
import { exportCustomers } from './export';
import { checkImport } from './import';
import { countCustomers, customerTotals, listCustomers } from './list';
import { routerStatus } from './live';
import { refreshSearch } from './search';
import { changedFields, cleanFields, customerDto, customerRow, insertCustomers, liveServiceCount } from './service';

/**
 * Work that must commit with a change of a customer, run inside customers.update's transaction after the row
 * is written, with the fields that changed (billing re-labels the customer's PPP secrets when the name
 * changes). Registered by the composition root, so customers never reaches into another module.
 */
export type CustomerUpdateHook = (em: EntityManager, customerId: number, changed: readonly string[], source: string) => Promise<void>;

export interface CustomersModule extends DomainModule<DomainHandlers<'customers'>> {
  onUpdate(hook: CustomerUpdateHook): () => void;
}

export function createCustomersModule(m: ModuleContext, routers: RouterService): CustomersModule {
  const today = (now: Date): string => todayIn(m.settings.get('locale').timezone, now);
  const updateHooks = new Set<CustomerUpdateHook>();

  return {
    onUpdate(hook) {
      updateHooks.add(hook);
      return () => updateHooks.delete(hook);
    },
    handlers: {
      async 'customers.list'(input, ctx) {
        const { page, pageSize, ...filter } = input;
        const day = today(ctx.now);
        const total = await countCustomers(ctx.em, filter, day);
        const items = await listCustomers(ctx.em, filter, day, pageSize, (page - 1) * pageSize);
        return { items, total, page, pageSize };
      },

      async 'customers.get'(input, ctx) {
        const customer = await customerDto(ctx.em, input.id);
        const totals = await customerTotals(ctx.em, input.id, today(ctx.now));
        return { customer, ...totals, subscriptions: (await subscriptionDtos(ctx.em, 's.customer_id = ?', [input.id])).map((s) => forViewer(s, ctx.user)) };
      },

      async 'customers.create'(input, ctx) {
        const fields = await cleanFields(ctx.em, input);
        const [row] = await insertCustomers(ctx.em, [fields], m.settings.get('billing').customerPrefix, ctx.now, m.domainEvents, 'staff');
        if (!row) throw new Error('customer was not inserted');
        ctx.audit(summary('customers.created', { number: row.number, name: fields.name }), { customerId: row.id });
        return customerDto(ctx.em, row.id);
      },

      async 'customers.update'(input, ctx) {
        const { id, ...rest } = input;
        const before = await customerRow(ctx.em, id);
        const fields = await cleanFields(ctx.em, rest);
        const changed = changedFields(before, fields);
        await ctx.em.getRepository(CustomerEntity).update({ id }, { ...fields, updatedAt: ctx.now.toISOString() });
        await refreshSearch(ctx.em, id);
        if (changed.length > 0) {
          for (const hook of updateHooks) await hook(ctx.em, id, changed, 'customers.update');
          await m.domainEvents.publish(ctx.em, 'customer.updated', { customerId: id, changed }, ctx.now);
        }
        ctx.audit(summary('customers.updated', { number: before.number, name: fields.name }), { customerId: id, changed });
        return customerDto(ctx.em, id);
      },

      async 'customers.setStatus'(input, ctx) {
        const before = await customerRow(ctx.em, input.id);
        if (input.status === 'inactive') {
          const live = await liveServiceCount(ctx.em, input.id);
          if (live > 0) {
            throw new AppError('customers.has_service', `${before.name} still has ${live} subscription(s); terminate them first`, { count: live });
          }
        }
        if (before.status !== input.status) {
          await ctx.em.getRepository(CustomerEntity).update({ id: input.id }, { status: input.status, updatedAt: ctx.now.toISOString() });
          await m.domainEvents.publish(ctx.em, 'customer.updated', { customerId: input.id, changed: ['status'] }, ctx.now);
        }
        ctx.audit(summary('customers.statusChanged', { number: before.number, name: before.name, status: input.status }), {
          customerId: input.id,
          from: before.status,
        });
        return customerDto(ctx.em, input.id);
      },

      async 'customers.areas'(_input, ctx) {
        const rows = (await ctx.em.query("SELECT DISTINCT area FROM customers WHERE area <> '' ORDER BY area COLLATE NOCASE")) as { area: string }[];
        return rows.map((r) => r.area);
      },

      async 'customers.ledger'(input, ctx) {
        await customerRow(ctx.em, input.id);
        return customerLedgerPage(ctx.em, input.id, input.page, input.pageSize);
      },

      async 'customers.routerStatus'(input, ctx) {
        await customerRow(ctx.em, input.id);
        return routerStatus(ctx.em, routers, input.id);
      },

      async 'customers.export'(input, ctx) {
        const { format, ...filter } = input;
        const day = today(ctx.now);
        const items = await listCustomers(ctx.em, filter, day, null);
        return exportCustomers(items, format, m.settings.get('locale').language, day);
      },

      async 'customers.importPreview'(input, ctx) {
        return (await checkImport(ctx.em, input.format, input.base64)).preview;
      },

      async 'customers.import'(input, ctx) {
        const { preview, valid } = await checkImport(ctx.em, input.format, input.base64);
        if (preview.invalid > 0) {
          const rows = preview.rows.filter((r) => r.errors.length > 0);
          throw new AppError('customers.import_rejected', `${rows.length} row(s) have errors; nothing was imported`, { rows });
        }
        if (valid.length === 0) throw new AppError('customers.import_rejected', 'The file has no customers in it', { rows: [] });
        const created = await insertCustomers(ctx.em, valid, m.settings.get('billing').customerPrefix, ctx.now, m.domainEvents, 'import');
        ctx.audit(summary('customers.imported', { count: created.length, format: input.format }), {
          count: created.length,
          format: input.format,
          numbers: [created[0]?.number ?? null, created.at(-1)?.number ?? null],
        });
        return { created: created.length };
      },
    },
  };
}
