import type { EntityManager } from 'typeorm';
import type { z } from 'zod';
import { AppError } from '../../../shared/errors';
import type { WebhookAttemptDto, WebhookEndpointDto, webhooksContract } from '../../../shared/contract/webhooks';
import type { SecretBox } from '../../core/secrets';
import { newSecret } from './sign';

type In<M extends keyof typeof webhooksContract> = z.output<(typeof webhooksContract)[M]['input']>;

interface Row {
  id: number;
  url: string;
  description: string;
  events: string;
  enabled: number;
  secret_hint: string;
  old_secret_until: string | null;
  disabled_reason: string | null;
  failing_since: string | null;
  last_success_at: string | null;
  created_at: string;
  queued: number;
  failed: number;
}

/** How long the previous secret keeps signing after a rotation. */
export const ROTATION_OVERLAP_MS = 86_400_000;

const hintOf = (secret: string): string => `${secret.slice(0, 12)}…`;

const SELECT = `SELECT ep.*,
  (SELECT count(*) FROM webhook_deliveries d WHERE d.endpoint_id = ep.id AND d.state IN ('queued','sending')) AS queued,
  (SELECT count(*) FROM webhook_deliveries d WHERE d.endpoint_id = ep.id AND d.state = 'failed'
     AND NOT EXISTS (SELECT 1 FROM webhook_deliveries r WHERE r.endpoint_id = d.endpoint_id AND r.event_id = d.event_id AND r.id > d.id)) AS failed
  FROM webhook_endpoints ep`;

function dto(r: Row): WebhookEndpointDto {
  return {
    id: r.id,
    url: r.url,
    description: r.description,
    events: JSON.parse(r.events) as string[],
    enabled: r.enabled === 1,
    disabledReason: r.disabled_reason,
    failingSince: r.failing_since,
    lastSuccessAt: r.last_success_at,
    secretHint: r.secret_hint,
    oldSecretUntil: r.old_secret_until,
    queued: r.queued,
    failed: r.failed,
    createdAt: r.created_at,
  };
}

export async function listEndpoints(em: EntityManager): Promise<WebhookEndpointDto[]> {
  return ((await em.query(`${SELECT} ORDER BY ep.id`)) as Row[]).map(dto);
}

export async function endpointDto(em: EntityManager, id: number): Promise<WebhookEndpointDto> {
  const [r] = (await em.query(`${SELECT} WHERE ep.id = ?`, [id])) as Row[];
  if (!r) throw new AppError('not_found', `No webhook endpoint ${id}`, { field: 'id' });
  return dto(r);
}

/** '*' alone stands for everything; a list is kept sorted and without repeats. */
const eventsOf = (events: readonly string[]): string => JSON.stringify(events.includes('*') ? ['*'] : [...new Set(events)].sort());

export async function createEndpoint(em: EntityManager, secrets: SecretBox, input: In<'webhooks.create'>, userId: number | null, now: Date): Promise<{ endpoint: WebhookEndpointDto; secret: string }> {
  const secret = newSecret();
  const at = now.toISOString();
  const [r] = (await em.query(
    'INSERT INTO webhook_endpoints (url, description, events, enabled, secret_sealed, secret_hint, created_by, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?) RETURNING id',
    [input.url, input.description, eventsOf(input.events), input.enabled ? 1 : 0, secrets.seal(secret), hintOf(secret), userId, at, at],
  )) as { id: number }[];
  return { endpoint: await endpointDto(em, r!.id), secret };
}

export async function updateEndpoint(em: EntityManager, input: In<'webhooks.update'>, now: Date): Promise<WebhookEndpointDto> {
  const before = await endpointDto(em, input.id);
  const sets: string[] = ['updated_at = ?'];
  const params: unknown[] = [now.toISOString()];
  const set = (column: string, value: unknown) => {
    sets.push(`${column} = ?`);
    params.push(value);
  };
  if (input.url !== undefined) set('url', input.url);
  if (input.description !== undefined) set('description', input.description);
  if (input.events !== undefined) set('events', eventsOf(input.events));
  if (input.enabled !== undefined) {
    set('enabled', input.enabled ? 1 : 0);
    // Switched on again by a person: a fresh start (failures are counted from now).
    if (input.enabled && !before.enabled) sets.push('disabled_reason = NULL', 'failing_since = NULL');
  }
  await em.query(`UPDATE webhook_endpoints SET ${sets.join(', ')} WHERE id = ?`, [...params, input.id]);
  return endpointDto(em, input.id);
}

export async function rotateSecret(em: EntityManager, secrets: SecretBox, id: number, now: Date): Promise<{ endpoint: WebhookEndpointDto; secret: string }> {
  await endpointDto(em, id);
  const secret = newSecret();
  await em.query('UPDATE webhook_endpoints SET old_secret_sealed = secret_sealed, old_secret_until = ?, secret_sealed = ?, secret_hint = ?, updated_at = ? WHERE id = ?', [
    new Date(now.getTime() + ROTATION_OVERLAP_MS).toISOString(),
    secrets.seal(secret),
    hintOf(secret),
    now.toISOString(),
    id,
  ]);
  return { endpoint: await endpointDto(em, id), secret };
}

export async function deleteEndpoint(em: EntityManager, id: number): Promise<WebhookEndpointDto> {
  const ep = await endpointDto(em, id);
  await em.query('DELETE FROM webhook_endpoints WHERE id = ?', [id]);
  return ep;
}

interface AttemptRow {
  id: number;
  delivery_id: number;
  event_id: string;
  type: string;
  attempt: number;
  at: string;
  status: number | null;
  duration_ms: number;
  error: string | null;
  response_excerpt: string;
  state: WebhookAttemptDto['deliveryState'];
  next_at: string | null;
  body: string;
}

export async function attemptLog(em: EntityManager, input: In<'webhooks.log'>): Promise<{ items: WebhookAttemptDto[]; nextCursor: number | null }> {
  await endpointDto(em, input.endpointId);
  const rows = (await em.query(
    `SELECT a.*, d.event_id, d.state, d.next_at, ev.type, ev.body FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id JOIN webhook_events ev ON ev.id = d.event_id
      WHERE a.endpoint_id = ? AND (? IS NULL OR a.id < ?) ORDER BY a.id DESC LIMIT ?`,
    [input.endpointId, input.cursor ?? null, input.cursor ?? null, input.limit + 1],
  )) as AttemptRow[];
  const page = rows.slice(0, input.limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      deliveryId: r.delivery_id,
      eventId: r.event_id,
      type: r.type,
      attempt: r.attempt,
      at: r.at,
      status: r.status,
      durationMs: r.duration_ms,
      error: r.error,
      responseExcerpt: r.response_excerpt,
      deliveryState: r.state,
      nextAt: r.next_at,
      body: r.body,
    })),
    nextCursor: rows.length > input.limit ? page.at(-1)!.id : null,
  };
}

/**
 * A delivery goes again: one waiting for its next retry goes now; a delivered or failed one as a new delivery of
 * the same event (same webhook-id), so the log keeps the old one's story.
 */
export async function resendDelivery(em: EntityManager, deliveryId: number, now: Date): Promise<void> {
  const [d] = (await em.query('SELECT event_id, endpoint_id, object_key, state FROM webhook_deliveries WHERE id = ?', [deliveryId])) as { event_id: string; endpoint_id: number; object_key: string; state: string }[];
  if (!d) throw new AppError('not_found', `No webhook delivery ${deliveryId}`, { field: 'deliveryId' });
  if (d.state === 'sending') throw new AppError('conflict', 'This delivery is being sent right now', { field: 'deliveryId', reason: 'in_flight' });
  if (d.state === 'queued') {
    await em.query("UPDATE webhook_deliveries SET next_at = NULL, updated_at = ? WHERE id = ? AND state = 'queued'", [now.toISOString(), deliveryId]);
    return;
  }
  const at = now.toISOString();
  await em.query("INSERT INTO webhook_deliveries (event_id, endpoint_id, object_key, state, attempts, next_at, created_at, updated_at) VALUES (?,?,?,'queued',0,NULL,?,?)", [d.event_id, d.endpoint_id, d.object_key, at, at]);
}
