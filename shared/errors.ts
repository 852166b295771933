/**
 * Error codes travel to the UI as `{ code, message, details? }`. The UI translates by code
 * (`errors.<code>` in the i18n resources) and falls back to the English message.
 */
export const ERROR_CODES = [
  'validation',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'csrf',
  'rate_limited',
  /** A request body over the method's size limit; details: { limit } (bytes). */
  'too_large',
  'internal',
  'unknown_method',
  'setup.already_done',
  'setup.required',
  'auth.invalid_credentials',
  'auth.locked',
  'auth.disabled',
  'auth.session_expired',
  'auth.wrong_password',
  'users.username_taken',
  'users.owner_only',
  'users.last_owner',
  'users.self',
  'jobs.unknown',
  'jobs.already_running',
  'routers.in_use',
  /** A stored router password is only sent to the host/port/TLS it was saved for: type it again; details: { field: 'password' }. */
  'routers.password_required',
  'customers.phone_invalid',
  'customers.import_rejected',
  'customers.has_service',
  'billing.username_taken',
  'billing.bad_state',
  'billing.date_out_of_period',
  'billing.plan_archived',
  'billing.already_void',
  'billing.already_reversed',
  'billing.profile_taken',
  'billing.discount_too_high',
  'billing.promise_too_long',
  /** An event dated before the subscription's last change; details: { since }. */
  'billing.before_last_change',
  'billing.before_activation',
  /** Future-dated changes are not scheduled yet: refused; details: { today }. */
  'billing.future_date',
  'billing.same_plan',
  /** Only the newest change of a subscription can be undone by voiding its invoice; details: { number, later }. */
  'billing.void_not_latest',
  /** A period invoice whose period a later invoice changed; details: { number }. */
  'billing.void_has_changes',
  /** An invoice whose effects cannot be undone by a void: use the operation instead. */
  'billing.void_use_operation',
  'billing.due_in_past',
  /** One change at a time can wait for its date; details: { date, action }. */
  'billing.already_scheduled',
  /** A router did not answer, refused the login or the command; details: { kind, reason }. */
  'routers.unreachable',
  /** A refund for a customer with a live subscription, or above their credit; details: { credit }. */
  'billing.refund_not_allowed',
  /** A live payment already has this transfer reference; details: { number, customerName, amount, receivedAt }. */
  'billing.duplicate_reference',
  'vouchers.code_space',
  'vouchers.bad_state',
  'vouchers.out_of_stock',
  'vouchers.nothing_to_return',
  'vouchers.router_unreachable',
  /** A payment gateway did not answer, refused, or answered nonsense; details: { gateway: 'unreachable' | 'rejected' | 'protocol', status, reason }. */
  'gateway.failed',
  /** A ticket cannot make this move (the same state, solved → in progress, assigning a solved one); details: { from, to }. */
  'tickets.bad_state',
  /** The photo is not a JPEG/PNG/WebP of the type it claims, or is over TICKET_PHOTO_MAX_BYTES; details: { field: 'photo', reason: 'type' | 'size', max }. */
  'tickets.photo_invalid',
  /** The customer already has TICKET_PORTAL_OPEN_LIMIT unsolved tickets from the portal; details: { max }. */
  'tickets.too_many',
  /** The user cannot be given tickets (disabled, or their role does not handle tickets); details: { field: 'userId' }. */
  'tickets.assignee_invalid',
  /** An Idempotency-Key reused with another request body (REST); 422. */
  'idempotency.mismatch',
  /** A request with this Idempotency-Key is still running (REST); 409. */
  'idempotency.in_progress',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ValidationIssue {
  path: (string | number)[];
  code: string;
  message: string;
  /** zod issue parameters (minimum, maximum, format, …) so the UI can translate the message. */
  params?: Record<string, unknown>;
}

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  details?: { issues?: ValidationIssue[]; [key: string]: unknown };
}

export type RpcResult<T> = { ok: true; result: T } | { ok: false; error: ErrorPayload };

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorPayload['details'],
  ) {
    super(message);
    this.name = 'AppError';
  }

  toPayload(): ErrorPayload {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}

/** HTTP status for an error code; the body is always the JSON ErrorPayload. */
export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case 'validation':
      return 400;
    case 'unauthenticated':
    case 'auth.invalid_credentials':
    case 'auth.session_expired':
      return 401;
    case 'forbidden':
    case 'csrf':
    case 'auth.locked':
    case 'auth.disabled':
    case 'users.owner_only':
      return 403;
    case 'not_found':
    case 'unknown_method':
    case 'jobs.unknown':
      return 404;
    case 'too_large':
      return 413;
    case 'idempotency.mismatch':
      return 422;
    case 'rate_limited':
      return 429;
    case 'internal':
      return 500;
    default:
      return 409;
  }
}
