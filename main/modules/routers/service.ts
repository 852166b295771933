import type { EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import type { RouterDto, RouterLiveStatus } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import type { Db } from '../../core/db';
import type { SecretBox } from '../../core/secrets';
import type { RouterClient, RouterEndpoint } from './client/types';
import { RouterEntity, type RouterRow } from './entity';
import { readStatus } from './status';

export type ClientFactory = (endpoint: RouterEndpoint) => RouterClient;

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

/**
 * Routers and their connections: one pooled client per router, replaced when its settings change and
 * closed when it is removed or the app stops.
 */
export class RouterService {
  private readonly clients = new Map<number, { key: string; client: RouterClient }>();

  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
    private readonly createClient: ClientFactory,
    private readonly logger: Logger,
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

  /** The pooled client of a saved router. */
  async clientFor(id: number): Promise<RouterClient> {
    const r = await this.get(id);
    const key = JSON.stringify([r.host, r.port, r.tls, r.username, r.passwordSealed]);
    const pooled = this.clients.get(id);
    if (pooled?.key === key) return pooled.client;
    if (pooled) void pooled.client.close();
    const client = this.createClient(this.endpointOf(r));
    this.clients.set(id, { key, client });
    return client;
  }

  /** Staff asked to try again: the router's pooled connection skips what is left of its reconnect backoff. */
  connectNow(id: number): void {
    this.clients.get(id)?.client.connectNow?.();
  }

  /** Drop a router's pooled connection (after an edit or removal). */
  forget(id: number): void {
    const pooled = this.clients.get(id);
    this.clients.delete(id);
    if (pooled) void pooled.client.close().catch((err: unknown) => this.logger.warn({ err, router: id }, 'closing router connection failed'));
  }

  /** Live status; `connectNow` (the staff's "test connection") first skips any reconnect backoff. */
  async status(id: number, now: Date, opts: { connectNow?: boolean } = {}): Promise<RouterLiveStatus> {
    const client = await this.clientFor(id);
    if (opts.connectNow) client.connectNow?.();
    return readStatus(id, client, now);
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
    const all = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(all.map((c) => c.client.close().catch(() => undefined)));
  }
}
