import type { EntityManager } from 'typeorm';
import type { VoucherBatchDto, VoucherDto, VoucherProfileDto } from '../../../shared/contract/vouchers';
import { userNames } from '../auth';
import { formatDuration, routerNames } from '../routers';
import type { VoucherProfileRow } from './entities';

type Raw = Record<string, unknown>;
const MB = 1_048_576;

export const dur = (s: number | null): string | null => (s === null ? null : formatDuration(s));

export function toProfileDto(p: VoucherProfileRow, routerName: string, stock: number): VoucherProfileDto {
  return {
    id: p.id,
    routerId: p.routerId,
    routerName,
    name: p.name,
    profileName: p.profileName,
    hotspotServer: p.hotspotServer,
    price: p.price,
    sellingPrice: p.sellingPrice,
    validity: p.expiry === 'never' ? null : formatDuration(p.validitySeconds),
    validitySeconds: p.expiry === 'never' ? null : p.validitySeconds,
    timeLimit: dur(p.timeLimitSeconds),
    dataQuotaMb: p.dataQuotaBytes === null ? null : Math.round(p.dataQuotaBytes / MB),
    rateLimit: p.rateLimit,
    sharedUsers: p.sharedUsers,
    addressPool: p.addressPool,
    lockMac: Boolean(p.lockMac),
    expiryAction: p.expiryAction,
    expiry: p.expiry,
    online: Boolean(p.online),
    active: Boolean(p.active),
    stock,
  };
}

/** Vouchers with their batch, profile and outlet; router and seller names come from their owners (voucherDtos). */
export const VOUCHER_SELECT = `SELECT v.*, b.comment AS batch_comment, p.name AS profile_name, p.selling_price, p.validity_seconds, p.expiry,
    p.time_limit_seconds, p.data_quota_bytes, o.name AS outlet_name
  FROM vouchers v JOIN voucher_batches b ON b.id = v.batch_id JOIN voucher_profiles p ON p.id = v.profile_id
  LEFT JOIN outlets o ON o.id = v.outlet_id`;

/** VOUCHER_SELECT rows as DTOs, with router and seller names (one routers and one users query for all rows). */
export async function voucherDtos(em: EntityManager, rows: Raw[]): Promise<VoucherDto[]> {
  const routers = await routerNames(em, rows.map((r) => r.router_id as number));
  const users = await userNames(em, rows.map((r) => (r.sold_by as number | null) ?? null));
  return rows.map((r) =>
    toVoucherDto({ ...r, router_name: routers.get(r.router_id as number) ?? '', sold_by_name: r.sold_by === null || r.sold_by === undefined ? null : (users.get(r.sold_by as number) ?? null) }),
  );
}

export function toVoucherDto(r: Raw): VoucherDto {
  const quota = r.data_quota_bytes as number | null;
  return {
    id: r.id as number,
    serial: r.serial as number,
    batchId: r.batch_id as number,
    batchComment: r.batch_comment as string,
    routerId: r.router_id as number,
    routerName: r.router_name as string,
    profileId: r.profile_id as number,
    profileName: r.profile_name as string,
    username: r.username as string,
    password: r.password as string,
    state: r.state as VoucherDto['state'],
    onRouter: Boolean(r.on_router),
    price: r.selling_price as number,
    validity: r.expiry === 'never' ? null : formatDuration(r.validity_seconds as number),
    timeLimit: dur((r.time_limit_seconds as number | null) ?? null),
    dataQuotaMb: quota === null ? null : Math.round(quota / MB),
    firstLoginAt: (r.first_login_at as string | null) ?? null,
    expiresAt: (r.expires_at as string | null) ?? null,
    mac: (r.mac as string | null) ?? null,
    outletId: (r.outlet_id as number | null) ?? null,
    outletName: (r.outlet_name as string | null) ?? null,
    soldAt: (r.sold_at as string | null) ?? null,
    soldBy: (r.sold_by_name as string | null) ?? null,
    soldPrice: (r.sold_price as number | null) ?? null,
    createdAt: r.created_at as string,
  };
}

export async function vouchersWhere(em: EntityManager, where: string, params: unknown[], tail = 'ORDER BY v.serial'): Promise<VoucherDto[]> {
  return voucherDtos(em, (await em.query(`${VOUCHER_SELECT} WHERE ${where} ${tail}`, params)) as Raw[]);
}

export async function batchDtos(em: EntityManager, where: string, params: unknown[], tail = 'ORDER BY b.id DESC'): Promise<VoucherBatchDto[]> {
  const rows = (await em.query(
    `SELECT b.*, p.name AS profile_name,
            (SELECT count(*) FROM vouchers v WHERE v.batch_id = b.id AND v.state = 'unused') AS unused
       FROM voucher_batches b JOIN voucher_profiles p ON p.id = b.profile_id
      WHERE ${where} ${tail}`,
    params,
  )) as Raw[];
  const routers = await routerNames(em, rows.map((r) => r.router_id as number));
  const users = await userNames(em, rows.map((r) => (r.created_by as number | null) ?? null));
  return rows.map((r) => ({
    id: r.id as number,
    routerId: r.router_id as number,
    routerName: routers.get(r.router_id as number) ?? '',
    profileId: r.profile_id as number,
    profileName: r.profile_name as string,
    quantity: r.quantity as number,
    mode: r.mode as 'vc' | 'up',
    codeLength: r.code_length as number,
    charset: r.charset as VoucherBatchDto['charset'],
    prefix: r.prefix as string,
    comment: r.comment as string,
    status: r.status as VoucherBatchDto['status'],
    pushed: r.pushed as number,
    lastError: (r.last_error as string | null) ?? null,
    createdBy: r.created_by === null || r.created_by === undefined ? null : (users.get(r.created_by as number) ?? null),
    createdAt: r.created_at as string,
    finishedAt: (r.finished_at as string | null) ?? null,
    unused: r.unused as number,
  }));
}
