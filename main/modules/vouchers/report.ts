import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { summary } from '../../../shared/summaries';
import type { DomainHandlers } from '../../core/context';
import type { ModuleContext } from '../../core/module';
import { formatDuration, hotspotTokenOf, ops, routerIds, setHotspotToken, type Outbox, type RouterOp } from '../routers';
import { VoucherProfileEntity, type VoucherProfileRow } from './entities';

/*
 * First-login reports: each voucher profile's on-login script tells the embedded listener about a login,
 * with its router's token. The script follows the report address (a setting) and the token; when either
 * changes, every profile goes to its router again in the same transaction.
 */

/**
 * Mikhmon's metadata line, so Mikhmon still reads our profiles: its expiry mode, price, validity, selling price
 * and MAC lock — or, for a profile whose vouchers never expire, Mikhmon's own "None" form (`noexp`, no validity).
 */
export function mikhmonMeta(p: VoucherProfileRow): string {
  const lock = p.lockMac ? 'Enable' : 'Disable';
  if (p.expiry === 'never') return `:put (",,${p.price},,,noexp,${lock},");`;
  return `:put (",${p.expiryAction === 'remove' ? 'rem' : 'ntf'},${p.price},${formatDuration(p.validitySeconds)},${p.sellingPrice},,${lock},");`;
}

/** Mikhmon's metadata line plus, when the listener is reachable, a first-login report. */
export function onLoginScript(p: VoucherProfileRow, report: { url: string; routerId: number; token: string } | null): string {
  const meta = mikhmonMeta(p);
  if (!report) return meta;
  const base = `${report.url.replace(/\/+$/, '')}/hotspot/login?r=${report.routerId}&t=${report.token}`;
  return `${meta} :local mac $"mac-address"; :do { /tool fetch url=("${base}&u=" . $user . "&m=" . $mac) keep-result=no } on-error={}`;
}

/**
 * The fields the app sets on a profile (pushed, and compared by reconciliation). The on-login script is left
 * out (null) where the profile's expiry belongs to a script already on the router (Mikhmon's): never rewritten.
 */
export function profileFields(p: VoucherProfileRow, script: string | null): Record<string, string> {
  const fields: Record<string, string> = { 'shared-users': String(p.sharedUsers) };
  if (script !== null) fields['on-login'] = script;
  if (p.rateLimit) fields['rate-limit'] = p.rateLimit;
  if (p.addressPool) fields['address-pool'] = p.addressPool;
  return fields;
}

export function profileOp(p: VoucherProfileRow, script: string | null): RouterOp {
  return ops.hotspotProfile(p.profileName, profileFields(p, script));
}

/** The router's token for first-login reports (made on first use). */
export async function hotspotToken(em: EntityManager, routerId: number): Promise<string> {
  const current = await currentToken(em, routerId);
  if (current) return current;
  const token = randomBytes(16).toString('hex');
  await setHotspotToken(em, routerId, token);
  return token;
}


/** The router's token as it stands (null before the first report script was made). */
async function currentToken(em: EntityManager, routerId: number): Promise<string | null> {
  return hotspotTokenOf(em, routerId);
}

/** The on-login script a profile should have now, without making a token (for drift checks). */
export async function expectedScript(em: EntityManager, p: VoucherProfileRow, reportUrl: string | null): Promise<string> {
  const token = reportUrl ? await currentToken(em, p.routerId) : null;
  return onLoginScript(p, reportUrl && token ? { url: reportUrl, routerId: p.routerId, token } : null);
}

/** A profile to its router; one whose on-login script is the router's (expiry 'router') keeps that script. */
export async function pushProfile(em: EntityManager, outbox: Outbox, p: VoucherProfileRow, reportUrl: string | null, source: string): Promise<void> {
  const script = p.expiry === 'router' ? null : onLoginScript(p, reportUrl ? { url: reportUrl, routerId: p.routerId, token: await hotspotToken(em, p.routerId) } : null);
  await outbox.enqueue(em, p.routerId, profileOp(p, script), source);
}

/** Every voucher profile (of one router, or all) to its router again, e.g. after the report address changed. */
async function pushAll(em: EntityManager, outbox: Outbox, reportUrl: string | null, source: string, routerId?: number): Promise<number> {
  const rows = await em.getRepository(VoucherProfileEntity).find({ where: routerId ? { routerId } : {}, order: { id: 'ASC' } });
  for (const p of rows) await pushProfile(em, outbox, p, reportUrl, source);
  return rows.length;
}

type ReportHandlers = Pick<DomainHandlers<'vouchers'>, 'vouchers.rotateReportTokens'>;

export function reportHandlers(m: ModuleContext, outbox: Outbox): ReportHandlers {
  // A new report address reaches the routers with the setting itself.
  m.settings.onWrite(async (em, group, value, before) => {
    if (group !== 'vouchers') return;
    const url = (value as { reportUrl: string | null }).reportUrl;
    if (url !== (before as { reportUrl: string | null }).reportUrl) await pushAll(em, outbox, url, 'settings.update');
  });

  return {
    /** New tokens for every router: reports with an old token are refused from now on. */
    async 'vouchers.rotateReportTokens'(_input, ctx) {
      const routers = await routerIds(ctx.em);
      const url = m.settings.get('vouchers').reportUrl;
      let profiles = 0;
      for (const id of routers) {
        await setHotspotToken(ctx.em, id, randomBytes(16).toString('hex'));
        profiles += await pushAll(ctx.em, outbox, url, 'vouchers.rotateReportTokens', id);
      }
      ctx.audit(summary('vouchers.tokensRotated', { routers: routers.length, profiles }), { routers: routers.length, profiles });
      return { routers: routers.length, profiles };
    },
  };
}
