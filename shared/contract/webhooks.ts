import { z } from 'zod';
import { DOMAIN_EVENTS } from '../events';
import { idSchema } from './common';
import type { IsoDate } from './dto';
import { op } from './op';

/*
 * Outbound webhooks (issue 15): endpoints the owner or an admin registers, each with its own signing secret
 * (Standard Webhooks: `whsec_…`, shown once), the events it wants, and a delivery log with resend and a test event.
 */

/** What an endpoint can subscribe to: every domain event, or '*' for all of them. */
export const WEBHOOK_EVENT_CHOICES = ['*', ...DOMAIN_EVENTS] as const;
/** The event a "send test event" delivers (to that endpoint only). */
export const WEBHOOK_TEST_EVENT = 'webhook.test';
export const WEBHOOK_DELIVERY_STATES = ['queued', 'sending', 'delivered', 'failed'] as const;
export type WebhookDeliveryState = (typeof WEBHOOK_DELIVERY_STATES)[number];

const urlSchema = z
  .string()
  .trim()
  .max(2000)
  .pipe(z.url({ protocol: /^https?$/, message: 'Use an http:// or https:// address' }))
  .refine((u) => !/^[a-z]+:\/\/[^/]*@/i.test(u), { message: 'No user name or password in the address' });
const eventsSchema = z.array(z.enum(WEBHOOK_EVENT_CHOICES)).min(1).max(WEBHOOK_EVENT_CHOICES.length);

export interface WebhookEndpointDto {
  id: number;
  url: string;
  description: string;
  events: string[];
  enabled: boolean;
  /** Why it was switched off by itself (410 Gone, failing for days), else null. */
  disabledReason: string | null;
  failingSince: IsoDate | null;
  lastSuccessAt: IsoDate | null;
  /** The start of the secret, to tell secrets apart ("whsec_AbC…"). */
  secretHint: string;
  /** The previous secret still signs until then (after a rotation). */
  oldSecretUntil: IsoDate | null;
  queued: number;
  failed: number;
  createdAt: IsoDate;
}

export interface WebhookAttemptDto {
  id: number;
  deliveryId: number;
  /** The webhook-id (the same on every attempt of a delivery). */
  eventId: string;
  type: string;
  attempt: number;
  at: IsoDate;
  /** HTTP status, or null when no answer came. */
  status: number | null;
  durationMs: number;
  error: string | null;
  responseExcerpt: string;
  /** What became of the delivery (now). */
  deliveryState: WebhookDeliveryState;
  nextAt: IsoDate | null;
  /** The request body as sent (signed bytes). */
  body: string;
}

export const webhooksContract = {
  'webhooks.list': op<WebhookEndpointDto[]>()({ input: z.object({}).strict(), access: 'api.manage', mutates: false }),
  /** Returns the secret once; it is never shown again. */
  'webhooks.create': op<{ endpoint: WebhookEndpointDto; secret: string }>()({
    input: z.object({ url: urlSchema, description: z.string().trim().max(200).default(''), events: eventsSchema, enabled: z.boolean().default(true) }).strict(),
    access: 'api.manage',
    mutates: true,
  }),
  /** Re-enabling clears the "disabled because" reason; queued deliveries then go. */
  'webhooks.update': op<WebhookEndpointDto>()({
    input: z.object({ id: idSchema, url: urlSchema.optional(), description: z.string().trim().max(200).optional(), events: eventsSchema.optional(), enabled: z.boolean().optional() }).strict(),
    access: 'api.manage',
    mutates: true,
  }),
  /** A new secret (shown once); the old one keeps signing alongside for 24 hours. */
  'webhooks.rotateSecret': op<{ endpoint: WebhookEndpointDto; secret: string }>()({ input: z.object({ id: idSchema }).strict(), access: 'api.manage', mutates: true }),
  'webhooks.delete': op<null>()({ input: z.object({ id: idSchema }).strict(), access: 'api.manage', mutates: true }),
  /** The delivery log of an endpoint, newest first. */
  'webhooks.log': op<{ items: WebhookAttemptDto[]; nextCursor: number | null }>()({
    input: z.object({ endpointId: idSchema, cursor: idSchema.optional(), limit: z.number().int().min(1).max(100).default(30) }).strict(),
    access: 'api.manage',
    mutates: false,
  }),
  /** Sends a delivery again (same webhook-id, fresh attempts). */
  'webhooks.resend': op<null>()({ input: z.object({ deliveryId: idSchema }).strict(), access: 'api.manage', mutates: true }),
  /** Queues a `webhook.test` event to this endpoint only. */
  'webhooks.test': op<{ eventId: string }>()({ input: z.object({ id: idSchema }).strict(), access: 'api.manage', mutates: true }),
} as const;
