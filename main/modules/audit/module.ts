import { Brackets, type EntityManager } from 'typeorm';
import type { AuditEntryDto } from '../../../shared/contract';
import type { DomainHandlers } from '../../core/context';
import type { AuditWrite } from '../../core/dispatcher';
import type { DomainModule } from '../../core/module';
import { AuditEntity, type AuditRow } from './entity';
import { parseJson } from '../../core/json';
import { summaryText, type SummaryParams } from '../../../shared/summaries';
import { LIKE_ESCAPE, likeContains, likePrefix } from '../../core/sql';


/** Append-only: there is no update or delete here, and database triggers refuse them anyway. */
export async function appendAudit(em: EntityManager, e: AuditWrite): Promise<void> {
  await em.getRepository(AuditEntity).insert({
    at: e.at,
    userId: e.user?.id ?? null,
    username: e.user?.username ?? null,
    method: e.method,
    summary: e.summary ? summaryText(e.summary) : e.method,
    summaryKey: e.summary?.key ?? null,
    summaryParams: e.summary ? JSON.stringify(e.summary.params) : null,
    details: e.details ? JSON.stringify(e.details) : null,
    transport: e.transport,
    ip: e.ip,
  });
}

function toDto(r: AuditRow): AuditEntryDto {
  return {
    id: r.id,
    at: r.at,
    userId: r.userId,
    username: r.username,
    method: r.method,
    summary: r.summary,
    summaryKey: r.summaryKey,
    summaryParams: parseJson<SummaryParams>(r.summaryParams),
    details: parseJson<Record<string, unknown>>(r.details),
    transport: r.transport,
    ip: r.ip,
  };
}

export function createAuditModule(): DomainModule<DomainHandlers<'audit'>> {
  return {
    handlers: {
      async 'audit.list'(input, ctx) {
        const qb = ctx.em.getRepository(AuditEntity).createQueryBuilder('a').orderBy('a.id', 'DESC');
        if (input.userId) qb.andWhere('a.user_id = :uid', { uid: input.userId });
        if (input.customerId) qb.andWhere("json_extract(a.details, '$.customerId') = :cid", { cid: input.customerId });
        if (input.method) {
          if (input.method.endsWith('.')) qb.andWhere(`a.method LIKE :m ${LIKE_ESCAPE}`, { m: likePrefix(input.method) });
          else qb.andWhere('a.method = :m', { m: input.method });
        }
        if (input.from) qb.andWhere('a.at >= :from', { from: new Date(input.from).toISOString() });
        if (input.to) qb.andWhere('a.at <= :to', { to: new Date(input.to).toISOString() });
        if (input.search) {
          const q = likeContains(input.search.toLowerCase());
          qb.andWhere(
            new Brackets((w) =>
              w
                .where(`lower(a.summary) LIKE :q ${LIKE_ESCAPE}`, { q })
                .orWhere(`lower(a.username) LIKE :q ${LIKE_ESCAPE}`, { q })
                .orWhere(`lower(a.summary_params) LIKE :q ${LIKE_ESCAPE}`, { q }),
            ),
          );
        }
        const [rows, total] = await qb
          .skip((input.page - 1) * input.pageSize)
          .take(input.pageSize)
          .getManyAndCount();
        return { items: rows.map(toDto), total, page: input.page, pageSize: input.pageSize };
      },
      async 'audit.methods'(_input, ctx) {
        const rows: { method: string }[] = await ctx.em.query('SELECT DISTINCT method FROM audit_log ORDER BY method');
        return rows.map((r) => r.method);
      },
    },
  };
}
