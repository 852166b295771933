import type { EntityManager } from 'typeorm';
import type { Db } from '../../core/db';

/** How long a finished request's response is replayed for the same Idempotency-Key (published in the API docs). */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
/** A request still marked running after this long was cut off (a crash): its key may be used again. */
export const IDEMPOTENCY_STALE_MS = 10 * 60_000;

export type IdempotencyBegin = { kind: 'new' } | { kind: 'replay'; status: number; body: string } | { kind: 'mismatch' } | { kind: 'running' };

interface Row {
  fingerprint: string;
  status: number | null;
  response: string | null;
  created_at: string;
  finished_at: string | null;
  expires_at: string;
}

/**
 * Idempotency-Key records (draft-ietf-httpapi-idempotency-key-header), one per (API key, client key): the first
 * request claims the key (running), its response is stored when it finishes; a retry with the same fingerprint
 * gets the stored response, one with another fingerprint is refused, one while the first still runs is refused.
 * Each step is its own short transaction in the write queue, so two concurrent requests cannot both claim a key.
 */
export class IdempotencyStore {
  constructor(private readonly db: Db) {}

  begin(apiKeyId: number, clientKey: string, method: string, fingerprint: string, now: Date): Promise<IdempotencyBegin> {
    const at = now.toISOString();
    return this.db.write(async (em) => {
      await em.query('DELETE FROM api_idempotency WHERE expires_at <= ?', [at]);
      const [r] = (await em.query('SELECT fingerprint, status, response, created_at, finished_at, expires_at FROM api_idempotency WHERE api_key_id = ? AND client_key = ?', [apiKeyId, clientKey])) as Row[];
      const stale = r && r.finished_at === null && now.getTime() - Date.parse(r.created_at) >= IDEMPOTENCY_STALE_MS;
      if (r && !stale) {
        if (r.fingerprint !== fingerprint) return { kind: 'mismatch' };
        if (r.finished_at === null || r.status === null || r.response === null) return { kind: 'running' };
        return { kind: 'replay', status: r.status, body: r.response };
      }
      await em.query(
        `INSERT INTO api_idempotency (api_key_id, client_key, method, fingerprint, created_at, expires_at) VALUES (?,?,?,?,?,?)
         ON CONFLICT (api_key_id, client_key) DO UPDATE SET method = excluded.method, fingerprint = excluded.fingerprint, status = NULL, response = NULL,
           created_at = excluded.created_at, finished_at = NULL, expires_at = excluded.expires_at`,
        [apiKeyId, clientKey, method, fingerprint, at, new Date(now.getTime() + IDEMPOTENCY_TTL_MS).toISOString()],
      );
      return { kind: 'new' };
    });
  }

  /**
   * Stores the response to replay (the 24 hours count from the first request). With `em`, inside that transaction
   * (a mutation's own: its effect and its stored answer commit together, so a crash can never leave an effect
   * whose retry would run it again); else in a transaction of its own.
   */
  async finish(apiKeyId: number, clientKey: string, status: number, body: string, now: Date, em?: EntityManager): Promise<void> {
    const sql = 'UPDATE api_idempotency SET status = ?, response = ?, finished_at = ? WHERE api_key_id = ? AND client_key = ?';
    const params = [status, body, now.toISOString(), apiKeyId, clientKey];
    if (em) await em.query(sql, params);
    else await this.db.write((w) => w.query(sql, params));
  }

  /** Forgets a claim whose request ended in a server error: the client may retry it with the same key. */
  async abandon(apiKeyId: number, clientKey: string): Promise<void> {
    await this.db.write((em) => em.query('DELETE FROM api_idempotency WHERE api_key_id = ? AND client_key = ? AND finished_at IS NULL', [apiKeyId, clientKey]));
  }
}
