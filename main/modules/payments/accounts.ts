import type { EntityManager } from 'typeorm';
import { AppError } from '../../../shared/errors';
import type { PaymentAccountDto, ParsedInput } from '../../../shared/contract';
import type { SecretBox } from '../../core/secrets';
import { parseJson } from '../../core/json';
import type { GatewayAccount } from './gateways/types';

export interface AccountRow {
  id: number;
  gateway: PaymentAccountDto['gateway'];
  name: string;
  env: PaymentAccountDto['env'];
  merchant_code: string;
  api_key_sealed: string;
  secondary_key_sealed: string;
  signature_scheme: PaymentAccountDto['signatureScheme'];
  flavour: PaymentAccountDto['flavour'];
  enabled: number;
  methods: string;
  fee_bearer: PaymentAccountDto['feeBearer'];
  public_base_url: string;
  base_url: string | null;
  created_at: string;
  updated_at: string;
}

const base = (url: string): string => url.replace(/\/+$/, '');

/**
 * Where the gateway posts its callbacks for this account ('' without a public address). `fallback` (the
 * listener's own LAN address) is used for the gateway's required field when the office has no public address:
 * the gateway cannot reach it, and the polling job confirms the payment instead.
 */
export function callbackUrlOf(a: Pick<AccountRow, 'id' | 'gateway' | 'public_base_url'>, fallback = ''): string {
  const root = a.public_base_url || fallback;
  return root ? `${base(root)}/pay/callback/${a.gateway}/${a.id}` : '';
}

/** Where the customer's browser comes back to (only a page: it never changes anything); LAN customers reach the fallback. */
export function returnUrlOf(a: Pick<AccountRow, 'public_base_url'>, orderId: string, fallback = ''): string {
  return `${base(a.public_base_url || fallback)}/pay/return?order=${encodeURIComponent(orderId)}`;
}

/** The host names of the offices' public addresses (the listener must accept requests addressed to them). */
export async function publicHosts(em: EntityManager): Promise<string[]> {
  const rows = (await em.query("SELECT DISTINCT public_base_url FROM payment_accounts WHERE public_base_url <> ''")) as { public_base_url: string }[];
  const hosts: string[] = [];
  for (const r of rows) {
    try {
      hosts.push(new URL(r.public_base_url).hostname.toLowerCase());
    } catch {
      // validated on save; an old row that is no URL adds nothing
    }
  }
  return hosts;
}

export function toAccountDto(r: AccountRow): PaymentAccountDto {
  return {
    id: r.id,
    gateway: r.gateway,
    name: r.name,
    env: r.env,
    merchantCode: r.merchant_code,
    hasApiKey: r.api_key_sealed !== '',
    hasSecondaryKey: r.secondary_key_sealed !== '',
    signatureScheme: r.signature_scheme,
    flavour: r.flavour,
    enabled: r.enabled === 1,
    methods: parseJson<string[]>(r.methods) ?? [],
    feeBearer: r.fee_bearer,
    publicBaseUrl: r.public_base_url,
    callbackUrl: callbackUrlOf(r),
    baseUrl: r.base_url,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function accountRow(em: EntityManager, id: number): Promise<AccountRow | null> {
  const [r] = (await em.query('SELECT * FROM payment_accounts WHERE id = ?', [id])) as AccountRow[];
  return r ?? null;
}

export async function mustAccount(em: EntityManager, id: number): Promise<AccountRow> {
  const r = await accountRow(em, id);
  if (!r) throw new AppError('not_found', `No payment account ${id}`, { field: 'accountId' });
  return r;
}

/** The account as an adapter needs it: keys unsealed, in memory only. */
export function gatewayAccount(r: AccountRow, secrets: SecretBox): GatewayAccount {
  return {
    gateway: r.gateway,
    env: r.env,
    merchantCode: r.merchant_code,
    apiKey: r.api_key_sealed ? secrets.open(r.api_key_sealed) : '',
    secondaryKey: r.secondary_key_sealed ? secrets.open(r.secondary_key_sealed) : '',
    signatureScheme: r.signature_scheme,
    flavour: r.flavour,
    baseUrl: r.base_url,
  };
}

type AccountInput = ParsedInput<'gateway.createAccount'>;

async function nameTaken(em: EntityManager, name: string, exceptId: number | null): Promise<void> {
  const [dup] = (await em.query('SELECT id FROM payment_accounts WHERE lower(name) = lower(?) AND id <> ?', [name, exceptId ?? 0])) as { id: number }[];
  if (dup) throw new AppError('conflict', `A payment account is already called ${name}`, { field: 'name' });
}

export async function createAccount(em: EntityManager, secrets: SecretBox, input: AccountInput, now: Date): Promise<AccountRow> {
  await nameTaken(em, input.name, null);
  const at = now.toISOString();
  const [ins] = (await em.query(
    `INSERT INTO payment_accounts (gateway, name, env, merchant_code, api_key_sealed, secondary_key_sealed, signature_scheme, flavour, enabled, methods, fee_bearer, public_base_url, base_url, created_at, updated_at)
     VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id`,
    [
      input.gateway,
      input.name,
      input.env,
      input.merchantCode,
      secrets.seal(input.apiKey ?? ''),
      input.secondaryKey ? secrets.seal(input.secondaryKey) : '',
      input.signatureScheme,
      input.flavour,
      input.enabled ? 1 : 0,
      JSON.stringify(input.methods),
      input.feeBearer,
      input.publicBaseUrl,
      input.baseUrl,
      at,
      at,
    ],
  )) as { id: number }[];
  return (await accountRow(em, ins!.id))!;
}

export async function updateAccount(em: EntityManager, secrets: SecretBox, input: ParsedInput<'gateway.updateAccount'>, now: Date): Promise<AccountRow> {
  const cur = await mustAccount(em, input.id);
  await nameTaken(em, input.name, cur.id);
  // A key is only good for the merchant and environment it was issued for: moving the account needs it again.
  const moved = cur.gateway !== input.gateway || cur.env !== input.env || cur.merchant_code !== input.merchantCode;
  if (moved && input.apiKey === undefined) throw new AppError('validation', 'Type the API key again for another gateway, environment or merchant', { field: 'apiKey' });
  const apiKey = input.apiKey !== undefined ? secrets.seal(input.apiKey) : cur.api_key_sealed;
  const secondary = input.clearSecondaryKey ? '' : input.secondaryKey !== undefined ? secrets.seal(input.secondaryKey) : moved ? '' : cur.secondary_key_sealed;
  await em.query(
    `UPDATE payment_accounts SET gateway = ?, name = ?, env = ?, merchant_code = ?, api_key_sealed = ?, secondary_key_sealed = ?, signature_scheme = ?, flavour = ?,
       enabled = ?, methods = ?, fee_bearer = ?, public_base_url = ?, base_url = ?, updated_at = ? WHERE id = ?`,
    [
      input.gateway,
      input.name,
      input.env,
      input.merchantCode,
      apiKey,
      secondary,
      input.signatureScheme,
      input.flavour,
      input.enabled ? 1 : 0,
      JSON.stringify(input.methods),
      input.feeBearer,
      input.publicBaseUrl,
      input.baseUrl,
      now.toISOString(),
      cur.id,
    ],
  );
  return (await accountRow(em, cur.id))!;
}

export async function removeAccount(em: EntityManager, id: number): Promise<AccountRow> {
  const cur = await mustAccount(em, id);
  const [n] = (await em.query('SELECT count(*) AS n FROM payment_attempts WHERE account_id = ?', [id])) as { n: number }[];
  if ((n?.n ?? 0) > 0) throw new AppError('conflict', `${cur.name} has payment attempts: disable it instead`, { field: 'id', attempts: n!.n });
  await em.query('DELETE FROM payment_accounts WHERE id = ?', [id]);
  return cur;
}

export async function listAccounts(em: EntityManager): Promise<AccountRow[]> {
  return (await em.query('SELECT * FROM payment_accounts ORDER BY name, id')) as AccountRow[];
}

/** How many accounts are enabled (none: customers cannot pay online, the shop is closed). */
export async function enabledAccountCount(em: EntityManager): Promise<number> {
  const [r] = (await em.query('SELECT count(*) AS n FROM payment_accounts WHERE enabled = 1')) as { n: number }[];
  return r?.n ?? 0;
}
