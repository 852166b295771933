import type { EntityManager } from 'typeorm';
import type { DriftReport } from '../../../shared/contract';
import { summary, type Summary } from '../../../shared/summaries';
import type { Db } from '../../core/db';
import type { JobDefinition } from '../../core/module';
import type { Outbox } from './outbox/outbox';
import { desiredTarget, detectDrift, mergeDesired, outboxLedger, repairOp, type DesiredObject, type DesiredStateProvider } from './reconcile';
import type { RouterService } from './service';

/**
 * Drift between the database and the routers: detect (one print per menu, outside any transaction) and
 * repair (queue idempotent changes through the outbox). A scheduled job does both every hour.
 */
export class Reconciler {
  private readonly providers: DesiredStateProvider[] = [outboxLedger];
  private readonly refreshers: ((routerId: number) => Promise<unknown>)[] = [];

  constructor(
    private readonly db: Db,
    private readonly routers: RouterService,
    private readonly outbox: Outbox,
  ) {}

  /** Later providers win for the same object; a later provider can also release it (no claim at all). */
  addProvider(p: DesiredStateProvider): void {
    this.providers.push(p);
  }

  /**
   * Runs before every drift check of a router, so providers judge fresh facts (a voucher's first login that
   * the two-minute watch has not seen yet must not make the router script's comment look like drift).
   */
  beforeDrift(refresh: (routerId: number) => Promise<unknown>): void {
    this.refreshers.push(refresh);
  }

  async desired(em: EntityManager, routerId: number): Promise<DesiredObject[]> {
    return [...(await mergeDesired(em, routerId, this.providers)).values()];
  }

  async drift(routerId: number, now: Date): Promise<DriftReport> {
    await this.routers.get(routerId);
    for (const refresh of this.refreshers) await refresh(routerId);
    const desired = await this.desired(this.db.manager, routerId);
    let items: DriftReport['items'];
    try {
      items = await this.routers.withClient(routerId, (client) => detectDrift(client, desired));
    } catch (err) {
      await this.routers.observeOutcome(routerId, err, now);
      throw err;
    }
    await this.routers.observeOutcome(routerId, null, now);
    return { routerId, checkedAt: now.toISOString(), managed: desired.length, items };
  }

  /** Queues the repair of the given targets (inside the caller's transaction). Returns how many were queued. */
  async repair(em: EntityManager, routerId: number, targets: readonly string[], source: string): Promise<number> {
    const wanted = new Set(targets);
    let queued = 0;
    for (const d of await this.desired(em, routerId)) {
      if (!wanted.has(desiredTarget(d))) continue;
      await this.outbox.enqueue(em, routerId, repairOp(d), source);
      queued++;
    }
    return queued;
  }

  job(): JobDefinition {
    return {
      name: 'routers.reconcile',
      schedule: () => '17 * * * *',
      run: async (): Promise<Summary> => {
        const all = await this.routers.repo().find();
        let drift = 0;
        let queued = 0;
        let unreachable = 0;
        for (const r of all) {
          let report: DriftReport;
          try {
            report = await this.drift(r.id, new Date());
          } catch {
            unreachable++;
            continue;
          }
          drift += report.items.length;
          if (report.items.length) queued += await this.db.write((em) => this.repair(em, r.id, report.items.map((i) => i.target), 'routers.reconcile'));
        }
        return summary('routers.reconciled', { routers: all.length, drift, queued, unreachable });
      },
    };
  }
}
