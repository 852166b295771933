import { roleHas } from '../../../shared/permissions';
import type { EntityManager } from 'typeorm';
import type { PrintVoucher, VoucherPrintData, VoucherTemplateDto } from '../../../shared/contract/voucher-templates';
import { AppError } from '../../../shared/errors';
import { summary } from '../../../shared/summaries';
import type { DomainHandlers } from '../../core/context';
import type { ModuleContext } from '../../core/module';
import { dur } from './dto';
import { formatDuration, routerHotspots } from '../routers';
import { VoucherTemplateEntity, type VoucherTemplateRow } from './templates-entity';

type TemplateHandlers = Pick<DomainHandlers<'vouchers'>, 'vouchers.templates' | 'vouchers.saveTemplate' | 'vouchers.removeTemplate' | 'vouchers.printData'>;

const MB = 1_048_576;

export const toTemplateDto = (r: VoucherTemplateRow): VoucherTemplateDto => ({
  id: r.id,
  name: r.name,
  paper: r.paper,
  columns: r.columns,
  rows: r.rows,
  html: r.html,
  css: r.css,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

/** The host of a URL, '' when it is not one. */
const hostOf = (url: string): string => {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
};

/**
 * Where a router's hotspot login page is: the login URL from Settings → Vouchers, else http://<hotspot DNS
 * name>/login, else unknown ('' — the sheet prints no QR code).
 */
export function hotspotLogin(settingUrl: string, hotspotDns: string): { dnsName: string; loginUrl: string } {
  const dns = hotspotDns.trim();
  if (settingUrl) return { dnsName: dns || hostOf(settingUrl), loginUrl: settingUrl };
  return { dnsName: dns, loginUrl: dns ? `http://${dns}/login` : '' };
}

const PRINT_SELECT = `SELECT v.id, v.serial, v.username, v.password, v.router_id, b.mode, b.comment, p.name AS profile_name, p.selling_price,
    p.validity_seconds, p.expiry, p.time_limit_seconds, p.data_quota_bytes
  FROM vouchers v JOIN voucher_batches b ON b.id = v.batch_id JOIN voucher_profiles p ON p.id = v.profile_id`;

type Selection = { batchId?: number | undefined; ids?: number[] | undefined };

/** A batch or chosen vouchers as a condition on `vouchers v`. */
const selection = (input: Selection): { where: string; param: number | string } =>
  input.batchId !== undefined ? { where: 'v.batch_id = ?', param: input.batchId } : { where: 'v.id IN (SELECT value FROM json_each(?))', param: JSON.stringify(input.ids ?? []) };

/** Vouchers of the selection whose batch is still pushing them to the router (not printable yet). */
async function stillSending(em: EntityManager, input: Selection): Promise<number> {
  const { where, param } = selection(input);
  const [r] = (await em.query(
    `SELECT count(*) AS n FROM vouchers v JOIN voucher_batches b ON b.id = v.batch_id WHERE ${where} AND v.on_router = 0 AND v.state = 'unused' AND b.status = 'pushing'`,
    [param],
  )) as { n: number }[];
  return r?.n ?? 0;
}

async function printVouchers(em: EntityManager, input: Selection, stockToo: boolean): Promise<PrintVoucher[]> {
  if (input.batchId !== undefined) {
    const [b] = (await em.query('SELECT id FROM voucher_batches WHERE id = ?', [input.batchId])) as { id: number }[];
    if (!b) throw new AppError('not_found', `No voucher batch ${input.batchId}`, { field: 'batchId' });
  }
  const { where, param } = selection(input);
  // Only what reached the router (a code still pushing may yet be replaced); unsold stock only for managers.
  const stock = stockToo ? '' : ' AND (v.sold_at IS NOT NULL OR v.outlet_id IS NOT NULL OR v.state <> \'unused\')';
  const rows = (await em.query(`${PRINT_SELECT} WHERE ${where} AND v.state <> 'removed' AND v.on_router = 1${stock} ORDER BY v.serial`, [param])) as Record<string, unknown>[];
  return rows.map((r) => {
    const quota = r.data_quota_bytes as number | null;
    return {
      id: r.id as number,
      serial: r.serial as number,
      username: r.username as string,
      password: r.password as string,
      mode: r.mode as 'vc' | 'up',
      profile: r.profile_name as string,
      validity: r.expiry === 'never' ? null : formatDuration(r.validity_seconds as number),
      timeLimit: dur((r.time_limit_seconds as number | null) ?? null),
      dataQuotaMb: quota === null ? null : Math.round(quota / MB),
      price: r.selling_price as number,
      comment: r.comment as string,
      routerId: r.router_id as number,
    };
  });
}

export function templateHandlers(m: ModuleContext): TemplateHandlers {
  const repo = (em: EntityManager) => em.getRepository(VoucherTemplateEntity);

  return {
    async 'vouchers.templates'(_input, ctx) {
      return (await repo(ctx.em).find({ order: { name: 'ASC' } })).map(toTemplateDto);
    },

    async 'vouchers.saveTemplate'(input, ctx) {
      const clash = await repo(ctx.em).findOneBy({ name: input.name });
      if (clash && clash.id !== input.id) throw new AppError('conflict', `A template named ${input.name} exists`, { field: 'name' });
      const at = ctx.now.toISOString();
      let row: VoucherTemplateRow;
      if (input.id !== undefined) {
        const before = await repo(ctx.em).findOneBy({ id: input.id });
        if (!before) throw new AppError('not_found', `No voucher template ${input.id}`);
        row = await repo(ctx.em).save({ ...before, ...input, id: before.id, updatedAt: at });
      } else {
        const { id: _none, ...fields } = input;
        row = await repo(ctx.em).save({ ...fields, createdAt: at, updatedAt: at });
      }
      ctx.audit(summary('vouchers.templateSaved', { name: row.name }), { templateId: row.id, paper: row.paper });
      return toTemplateDto(row);
    },

    async 'vouchers.removeTemplate'(input, ctx) {
      const row = await repo(ctx.em).findOneBy({ id: input.id });
      if (!row) throw new AppError('not_found', `No voucher template ${input.id}`);
      await repo(ctx.em).delete({ id: row.id });
      ctx.audit(summary('vouchers.templateRemoved', { name: row.name }), { templateId: row.id });
      return { ok: true };
    },

    async 'vouchers.printData'(input, ctx) {
      const vouchers = await printVouchers(ctx.em, input, ctx.user !== null && roleHas(ctx.user.role, 'vouchers.manage'));
      const office = m.settings.get('office');
      const loginSetting = m.settings.get('vouchers').loginUrl;
      const routerIds = [...new Set(vouchers.map((v) => v.routerId))];
      const routers = (await routerHotspots(ctx.em, routerIds)).map((r) => ({ id: r.id, name: r.name, ...hotspotLogin(loginSetting, r.hotspotDns) }));
      const sending = await stillSending(ctx.em, input);
      return { office: { name: office.name, logo: office.logo, phone: office.phone }, hotspotName: office.name, routers, vouchers, sending } satisfies VoucherPrintData;
    },
  };
}
