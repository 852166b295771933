import type { EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import type { RouterDto, RouterLiveStatus } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import type { Db } from '../../core/db';
import type { DomainEvents } from '../../core/domain-events';
import type { SecretBox } from '../../core/secrets';
import { RouterError, type RouterClient, type RouterEndpoint, type RouterErrorKind } from './client/types';
import { RouterEntity, type RouterRow } from './entity';
import { readStatus } from './status';

export type ClientFactory = (endpoint: RouterEndpoint) => RouterClient;

/**
 * Failures that mean the router is not answering. A trap, a protocol or a fatal reply comes from a router
 * that answers: it says nothing about whether the router is up.
 */
const DOWN_KINDS: ReadonlySet<RouterErrorKind> = new Set(['connect', 'auth', 'timeout', 'closed']);

export const toRouterDto = (r: RouterRow): RouterDto => ({
  id: r.id,
  name: r.name,
  host: r.host,
  port: r.port,
  tls: !!r.tls,
  username: r.username,
  hasPassword: r.passwordSealed !== '',
  notes: r.notes,
  isolationProfile: r.isolationProfile,
  hotspotDns: r.hotspotDns,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

type Address = Pick<RouterRow, 'host' | 'port' | 'tls'>;

/** Whether two endpoints are the same address (host, port and TLS): a stored password goes only to its own. */
export const sameAddress = (a: Address, b: Address): boolean =>
  a.host.trim().toLowerCase() === b.host.trim().toLowerCase() && Number(a.port) === Number(b.port) && !!a.tls === !!b.tls;

/** The stored password of a router is not sent to another address: the caller must type it again. */
export const passwordRequired = (): AppError =>
  new AppError('routers.password_required', 'The router address (host, port or TLS) changed: enter the router password again', { field: 'password' });

/** A router's pooled client; `leases` counts the withClient calls using it right now. */
interface Pooled {
  key: string;
  client: RouterClient;
  leases: number;
}

/**
 * Routers and their connections: one pooled client per router, replaced when its settings change and
 * closed when it is removed or the app stops. A replaced or forgotten client that is leased (withClient:
 * the outbox applying jobs) is closed when its last lease ends, so an edit never cuts off work in flight.
 */
export class RouterService {
  private readonly clients = new Map<number, Pooled>();
  /** Clients taken out of the pool that still have leases: closed when the last one ends (or by closeAll). */
  private readonly retiring = new Set<Pooled>();
  /**
   * The live status last seen per router (true: answering). It is read from the routers, not stored, so it
   * lives here; a router not seen yet is presumed up, so the first check that finds it down reports it.
   */
  private readonly live = new Map<number, boolean>();

  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
    private readonly createClient: ClientFactory,
    private readonly logger: Logger,
    private readonly domainEvents: DomainEvents,
  ) {}

  repo(em: EntityManager = this.db.manager) {
    return em.getRepository(RouterEntity);
  }

  async get(id: number, em?: EntityManager): Promise<RouterRow> {
    const r = await this.repo(em).findOneBy({ id });
    if (!r) throw new AppError('not_found', 'Router not found');
    return r;
  }

  seal(password: string): string {
    return password === '' ? '' : this.secrets.seal(password);
  }

  /** A saved router's endpoint; `password` (a form's unsaved value) replaces the stored one when given. */
  endpointOf(r: Pick<RouterRow, 'host' | 'port' | 'tls' | 'username' | 'passwordSealed'>, password?: string): RouterEndpoint {
    let plain = password ?? '';
    if (password === undefined && r.passwordSealed) {
      try {
        plain = this.secrets.open(r.passwordSealed);
      } catch (err) {
        throw new AppError('conflict', err instanceof Error ? err.message : String(err), { field: 'password' });
      }
    }
    return { host: r.host, port: r.port, tls: !!r.tls, username: r.username, password: plain, commandTimeoutMs: 8000, connectTimeoutMs: 5000 };
  }

  /** The pooled client of a saved router, not leased (tests; app code uses withClient so a router edit never cuts it off). */
  async clientFor(id: number): Promise<RouterClient> {
    return (await this.pooled(id)).client;
  }

  /**
   * Runs `fn` with the router's pooled client, leased: if the router's connection settings change (or it is
   * forgotten) meanwhile, the old client stays open until `fn` ends — the commands it has in flight finish
   * on the connection they started on — and the next caller gets a new client.
   */
  async withClient<T>(id: number, fn: (client: RouterClient) => Promise<T>): Promise<T> {
    const entry = await this.pooled(id);
    entry.leases++;
    try {
      return await fn(entry.client);
    } finally {
      entry.leases--;
      if (entry.leases === 0 && this.retiring.delete(entry)) this.closeClient(id, entry);
    }
  }

  private async pooled(id: number): Promise<Pooled> {
    const r = await this.get(id);
    const key = JSON.stringify([r.host, r.port, r.tls, r.username, r.passwordSealed]);
    const pooled = this.clients.get(id);
    if (pooled?.key === key) return pooled;
    if (pooled) this.retire(id, pooled);
    const entry: Pooled = { key, client: this.createClient(this.endpointOf(r)), leases: 0 };
    this.clients.set(id, entry);
    return entry;
  }

  /** Takes a client out of the pool; it is closed now, or when its last lease ends. */
  private retire(id: number, entry: Pooled): void {
    if (this.clients.get(id) === entry) this.clients.delete(id);
    if (entry.leases > 0) this.retiring.add(entry);
    else this.closeClient(id, entry);
  }

  private closeClient(id: number, entry: Pooled): void {
    void entry.client.close().catch((err: unknown) => this.logger.warn({ err, router: id }, 'closing router connection failed'));
  }

  /** Staff asked to try again: the router's pooled connection skips what is left of its reconnect backoff. */
  connectNow(id: number): void {
    this.clients.get(id)?.client.connectNow?.();
  }

  /** Drop a router's pooled connection (after an edit or removal). */
  forget(id: number): void {
    const pooled = this.clients.get(id);
    if (pooled) this.retire(id, pooled);
  }

  /** Live status; `connectNow` (the staff's "test connection") first skips any reconnect backoff. */
  async status(id: number, now: Date, opts: { connectNow?: boolean } = {}): Promise<RouterLiveStatus> {
    const s = await this.withClient(id, (client) => {
      if (opts.connectNow) client.connectNow?.();
      return readStatus(id, client, now);
    });
    await this.observe(id, s.reachable ? true : s.error && DOWN_KINDS.has(s.error.kind as RouterErrorKind) ? false : null, s.error?.message ?? '', now);
    return s;
  }

  /** What a command on the router taught about its live status (the reconciler's drift checks report here too). */
  async observeOutcome(id: number, err: unknown, now: Date): Promise<void> {
    if (err === null) return this.observe(id, true, '', now);
    if (err instanceof RouterError && DOWN_KINDS.has(err.kind)) return this.observe(id, false, err.message, now);
  }

  /**
   * router.down / router.up when the live status flips, published in a small write of its own (never called
   * inside a write: status checks run outside transactions). Not recorded (a subscriber refused it): the
   * status seen before is kept, so the next check reports the flip again.
   */
  private async observe(id: number, up: boolean | null, error: string, now: Date): Promise<void> {
    if (up === null) return;
    const was = this.live.get(id) ?? true;
    this.live.set(id, up);
    if (was === up) return;
    try {
      await this.db.write(async (em) => {
        const r = await this.repo(em).findOneBy({ id });
        if (!r) return;
        if (up) await this.domainEvents.publish(em, 'router.up', { routerId: id, name: r.name }, now);
        else await this.domainEvents.publish(em, 'router.down', { routerId: id, name: r.name, error: error.slice(0, 500) }, now);
      });
    } catch (err) {
      if (this.live.get(id) === up) this.live.set(id, was);
      this.logger.warn({ err, router: id }, 'router status change not recorded');
    }
  }

  /** Tries an endpoint on a throwaway connection (the form's "test connection"). */
  async probe(endpoint: RouterEndpoint, routerId: number, now: Date): Promise<RouterLiveStatus> {
    const client = this.createClient(endpoint);
    try {
      return await readStatus(routerId, client, now);
    } finally {
      await client.close().catch(() => undefined);
    }
  }

  async closeAll(): Promise<void> {
    const all = [...this.clients.values(), ...this.retiring];
    this.clients.clear();
    this.retiring.clear();
    await Promise.all(all.map((c) => c.client.close().catch(() => undefined)));
  }
}
