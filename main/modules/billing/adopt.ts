import type { EntityManager } from 'typeorm';
import type { RouterImportPreview, RouterImportReport } from '../../../shared/contract';
import { parseBatchComment, type RouterService, type Row } from '../routers';
import { customerByNumber, insertCustomers, refreshSearch } from '../customers';
import { nextAnchor, periodContaining, type LocalDate } from '../../../shared/dates';
import type { DomainEvents } from '../../core/domain-events';

const bool = (v: string | undefined) => v === 'true' || v === 'yes';

interface RouterSnapshot {
  routerId: number;
  routerName: string;
  isolationProfile: string;
  profiles: Row[];
  secrets: Row[];
  hotspotProfiles: number;
  hotspotUsers: Row[];
}

/** Reads what the import needs from the router (outside any transaction when previewing). */
export async function readRouter(routers: RouterService, routerId: number): Promise<RouterSnapshot> {
  const r = await routers.get(routerId);
  const [profiles, secrets, hsProfiles, hsUsers] = await routers.withClient(routerId, (client) =>
    Promise.all([
      client.print('/ppp/profile', { proplist: ['name', 'rate-limit', 'local-address', 'remote-address'] }),
      client.print('/ppp/secret', { proplist: ['name', 'password', 'profile', 'disabled', 'comment', 'service'] }),
      client.print('/ip/hotspot/user/profile', { proplist: ['name'] }),
      client.print('/ip/hotspot/user', { proplist: ['name', 'comment'] }),
    ]),
  );
  return { routerId, routerName: r.name, isolationProfile: r.isolationProfile, profiles, secrets, hotspotProfiles: hsProfiles.length, hotspotUsers: hsUsers };
}

/** "PLG-000123 Siti" → the customer numbered PLG-000123; otherwise the comment (or the username) names a new one. */
async function customerFor(em: EntityManager, secret: Row): Promise<{ id: number | null; name: string }> {
  const comment = (secret.comment ?? '').trim();
  const number = /^(\S+)/.exec(comment)?.[1];
  if (number) {
    const c = await customerByNumber(em, number);
    if (c) return { id: c.id, name: c.name };
  }
  const name = comment.length >= 2 && !parseBatchComment(comment) ? comment.slice(0, 100) : secret.name!;
  return { id: null, name: name.length >= 2 ? name : `PPPoE ${name}` };
}

export async function previewImport(em: EntityManager, snap: RouterSnapshot): Promise<RouterImportPreview> {
  const plans = (await em.query('SELECT id, name, profile_name FROM plans')) as { id: number; name: string; profile_name: string }[];
  const planByProfile = new Map(plans.map((p) => [p.profile_name, p]));
  const managed = new Set(((await em.query('SELECT username FROM subscriptions WHERE router_id = ?', [snap.routerId])) as { username: string }[]).map((s) => s.username));
  const profileNames = new Set(snap.profiles.map((p) => p.name));
  const secrets: RouterImportPreview['secrets'] = [];
  for (const s of snap.secrets) {
    if (!s.name) continue;
    const profile = s.profile ?? 'default';
    const customer = await customerFor(em, s);
    const problem = managed.has(s.name) ? 'imported' : profile === snap.isolationProfile ? 'isolated' : !profileNames.has(profile) ? 'unknown_profile' : null;
    secrets.push({ name: s.name, profile, disabled: bool(s.disabled), comment: s.comment ?? '', customerName: customer.name, customerId: customer.id, problem });
  }
  const batches = new Map<string, number>();
  for (const u of snap.hotspotUsers) if (parseBatchComment(u.comment)) batches.set(u.comment!, (batches.get(u.comment!) ?? 0) + 1);
  return {
    routerId: snap.routerId,
    routerName: snap.routerName,
    profiles: snap.profiles
      .filter((p) => p.name && p.name !== snap.isolationProfile && p.name !== 'default-encryption')
      .map((p) => ({
        name: p.name!,
        rateLimit: p['rate-limit'] ?? '',
        localAddress: p['local-address'] ?? '',
        remoteAddress: p['remote-address'] ?? '',
        planId: planByProfile.get(p.name!)?.id ?? null,
        planName: planByProfile.get(p.name!)?.name ?? null,
        secrets: snap.secrets.filter((s) => (s.profile ?? 'default') === p.name).length,
      })),
    secrets,
    hotspot: { profiles: snap.hotspotProfiles, users: snap.hotspotUsers.length, mikhmonBatches: [...batches].map(([comment, users]) => ({ comment, users })) },
  };
}

export interface ImportChoice {
  plans: { profile: string; name: string; price: number }[];
  secrets: string[];
  anchorDay: number;
  dueDays: number;
  graceDays: number;
  today: LocalDate;
  at: Date;
  customerPrefix: string;
}

/**
 * Writes plans, customers and subscriptions for the chosen secrets, in the caller's transaction. Imported
 * customers have already paid the running period elsewhere: billing starts at their next anchor day. Each new
 * customer is a customer.created (source 'adopt'); each subscription adopted running a subscription.activated
 * (adopted). One adopted disabled arrives paused and publishes nothing: it never ran here.
 */
export async function applyImport(em: EntityManager, snap: RouterSnapshot, choice: ImportChoice, events: DomainEvents): Promise<RouterImportReport> {
  const report: RouterImportReport = { plansCreated: 0, customersCreated: 0, subscriptionsCreated: 0, paused: 0, skipped: [] };
  const preview = await previewImport(em, snap);
  const at = choice.at.toISOString();
  const planIds = new Map<string, number>();
  for (const p of preview.profiles) if (p.planId) planIds.set(p.name, p.planId);
  for (const chosen of choice.plans) {
    if (planIds.has(chosen.profile)) continue;
    const prof = preview.profiles.find((p) => p.name === chosen.profile);
    if (!prof) continue;
    const [row] = (await em.query(
      'INSERT INTO plans (name, price, tax_rate_bp, profile_name, rate_limit, local_address, remote_address, active, created_at, updated_at) VALUES (?,?,0,?,?,?,?,1,?,?) RETURNING id',
      [chosen.name, chosen.price, prof.name, prof.rateLimit, prof.localAddress, prof.remoteAddress, at, at],
    )) as { id: number }[];
    planIds.set(prof.name, row!.id);
    report.plansCreated++;
  }
  const wanted = new Set(choice.secrets);
  const billedUntil = nextAnchor(periodContaining(choice.today, choice.anchorDay).start, choice.anchorDay);
  for (const s of preview.secrets) {
    if (!wanted.has(s.name)) continue;
    const planId = planIds.get(s.profile);
    if (s.problem) {
      report.skipped.push({ name: s.name, reason: s.problem });
      continue;
    }
    if (!planId) {
      report.skipped.push({ name: s.name, reason: 'no_plan' });
      continue;
    }
    let customerId = s.customerId;
    if (!customerId) {
      const [created] = await insertCustomers(em, [{ name: s.customerName, phone: null, whatsapp: null, waOptIn: false, address: '', area: '', lat: null, lng: null, idNumber: '', npwp: '', notes: s.comment, collectorId: null }], choice.customerPrefix, choice.at, events, 'adopt');
      customerId = created!.id;
      report.customersCreated++;
    }
    const raw = snap.secrets.find((x) => x.name === s.name)!;
    const [plan] = (await em.query('SELECT id, name, price, tax_rate_bp FROM plans WHERE id = ?', [planId])) as { id: number; name: string; price: number; tax_rate_bp: number }[];
    // The running period was paid elsewhere: nothing of it is registered here, so no change can credit it.
    const [sub] = (await em.query(
      `INSERT INTO subscriptions (customer_id, plan_id, router_id, username, password, status, install_date, anchor, anchor_day, due_days, grace_days, discount, install_fee, activated_on, billed_until,
                                  terms_since, period_plan, period_price, period_discount, period_tax_bp, paused_on, created_at, updated_at)
       VALUES (?,?,?,?,?,?,?, 'fixed', ?, ?, ?, 0, 0, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?) RETURNING id`,
      [customerId, planId, snap.routerId, s.name, raw.password ?? '', s.disabled ? 'paused' : 'active', choice.today, choice.anchorDay, choice.dueDays, choice.graceDays, choice.today, billedUntil,
       choice.today, plan!.name, plan!.price, plan!.tax_rate_bp, s.disabled ? choice.today : null, at, at],
    )) as { id: number }[];
    await em.query(
      `INSERT INTO subscription_terms (subscription_id, starts_on, event, billable, plan_id, plan_name, price, tax_bp, discount, prev_status, prev_plan_id, prev_discount, created_by, created_at)
       VALUES (?, ?, 'adopt', ?, ?, ?, ?, ?, 0, NULL, NULL, NULL, NULL, ?)`,
      [sub!.id, choice.today, s.disabled ? 0 : 1, plan!.id, plan!.name, plan!.price, plan!.tax_rate_bp, at],
    );
    await refreshSearch(em, customerId);
    if (!s.disabled) await events.publish(em, 'subscription.activated', { subscriptionId: sub!.id, customerId, username: s.name, date: choice.today, adopted: true }, choice.at);
    report.subscriptionsCreated++;
    if (s.disabled) report.paused++;
  }
  for (const name of wanted) if (!preview.secrets.some((s) => s.name === name)) report.skipped.push({ name, reason: 'not_on_router' });
  return report;
}
