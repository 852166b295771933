import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { EntityManager } from 'typeorm';
import { AppError } from '../../../shared/errors';
import type { ExportFile, Gateway, GatewayMoney, GatewayReconciliation, GatewayReport, GatewayReportRow, ReconcileAttemptItem } from '../../../shared/contract';
import { addDays, localMidnightUtc, todayIn } from '../../../shared/dates';
import { safeRow, safeRows } from '../../../shared/spreadsheet';
import { gatewayPayments, type GatewayPaymentRow } from '../billing';
import { customerLabels } from '../customers';

/*
 * Online payment reports (issue 12, "Reports"): paid attempts by office day and account with the gateway's fee
 * and the net the ledger credits, and a reconciliation of one account's paid attempts against the gateway
 * payments in billing's ledger. An attempt counts on the office day the gateway's "paid" was applied (its first
 * 'paid' event), which is also when its payment was recorded (same transaction).
 */

interface PaidRow {
  id: number;
  order_id: string;
  account_id: number;
  account_name: string;
  gateway: Gateway;
  customer_id: number | null;
  purpose: 'invoice' | 'customer' | 'voucher';
  voucher_id: number | null;
  amount: number;
  paid_amount: number | null;
  fee: number;
  payment_id: number | null;
  paid_at: string;
}

/** What the customer paid, the fee and the net exactly as the payment was recorded (service.ts: credit = paid − fee when paid > fee). */
export function moneyOf(t: { amount: number; paid_amount: number | null; fee: number }): { gross: number; fee: number; net: number } {
  const gross = t.paid_amount ?? t.amount;
  const net = gross > t.fee ? gross - t.fee : gross;
  return { gross, fee: gross - net, net };
}

const zero = (): GatewayMoney => ({ count: 0, gross: 0, fee: 0, net: 0 });
const add = (into: GatewayMoney, m: { gross: number; fee: number; net: number }) => {
  into.count += 1;
  into.gross += m.gross;
  into.fee += m.fee;
  into.net += m.net;
};

/** UTC bounds [lo, hi) of office days from..to inclusive. */
function bounds(from: string, to: string, tz: string): [string, string] {
  return [localMidnightUtc(from, tz), localMidnightUtc(addDays(to, 1), tz)];
}

async function paidAttempts(em: EntityManager, lo: string, hi: string, accountId?: number): Promise<PaidRow[]> {
  return (await em.query(
    `SELECT * FROM (
       SELECT t.id, t.order_id, t.account_id, a.name AS account_name, a.gateway, t.customer_id, t.purpose, t.voucher_id, t.amount, t.paid_amount, t.fee, t.payment_id,
              COALESCE((SELECT MIN(e.at) FROM payment_attempt_events e WHERE e.attempt_id = t.id AND e.to_state = 'paid'), t.updated_at) AS paid_at
         FROM payment_attempts t JOIN payment_accounts a ON a.id = t.account_id
        WHERE t.state = 'paid' ${accountId ? 'AND t.account_id = ?' : ''}
     ) WHERE paid_at >= ? AND paid_at < ? ORDER BY paid_at, id`,
    [...(accountId ? [accountId] : []), lo, hi],
  )) as PaidRow[];
}

export async function gatewayReport(em: EntityManager, input: { from: string; to: string; accountId?: number | undefined }, tz: string): Promise<GatewayReport> {
  const [lo, hi] = bounds(input.from, input.to, tz);
  const rows = new Map<string, GatewayReportRow>();
  const accounts = new Map<number, GatewayReport['byAccount'][number]>();
  const totals = zero();
  for (const t of await paidAttempts(em, lo, hi, input.accountId)) {
    const day = todayIn(tz, new Date(t.paid_at));
    const key = `${day}|${t.account_id}`;
    const base = { accountId: t.account_id, accountName: t.account_name, gateway: t.gateway };
    if (!rows.has(key)) rows.set(key, { day, ...base, ...zero() });
    if (!accounts.has(t.account_id)) accounts.set(t.account_id, { ...base, ...zero() });
    const m = moneyOf(t);
    add(rows.get(key)!, m);
    add(accounts.get(t.account_id)!, m);
    add(totals, m);
  }
  const sorted = [...rows.values()].sort((a, b) => (a.day !== b.day ? (a.day < b.day ? -1 : 1) : a.accountName.localeCompare(b.accountName) || a.accountId - b.accountId));
  return { from: input.from, to: input.to, rows: sorted, byAccount: [...accounts.values()].sort((a, b) => a.accountName.localeCompare(b.accountName) || a.accountId - b.accountId), totals };
}

export async function gatewayReconcile(em: EntityManager, input: { accountId: number; from: string; to: string }, tz: string): Promise<GatewayReconciliation> {
  const [acct] = (await em.query('SELECT id, name, gateway FROM payment_accounts WHERE id = ?', [input.accountId])) as { id: number; name: string; gateway: Gateway }[];
  if (!acct) throw new AppError('not_found', `No payment account ${input.accountId}`, { field: 'accountId' });
  const [lo, hi] = bounds(input.from, input.to, tz);
  const attempts = await paidAttempts(em, lo, hi, acct.id);
  const ledger = await gatewayPayments(em, lo, hi, attempts.flatMap((t) => (t.payment_id ? [t.payment_id] : [])));
  const byId = new Map<number, GatewayPaymentRow>(ledger.map((p) => [p.id, p]));
  // Every payment any attempt (of any account) points at: a ledger payment is "without attempt" only if none does.
  const claimed = new Set(
    ((await em.query('SELECT payment_id FROM payment_attempts WHERE payment_id IN (SELECT value FROM json_each(?))', [JSON.stringify(ledger.map((p) => p.id))])) as { payment_id: number }[]).map(
      (r) => r.payment_id,
    ),
  );
  const orphans = ledger.filter((p) => !claimed.has(p.id) && p.receivedAt >= lo && p.receivedAt < hi);
  const names = await customerLabels(em, [...attempts.flatMap((t) => (t.customer_id ? [t.customer_id] : [])), ...orphans.map((p) => p.customerId)]);
  const nameOf = (id: number | null) => (id ? (names.get(id)?.name ?? '') : '');

  const out: GatewayReconciliation = {
    accountId: acct.id,
    accountName: acct.name,
    gateway: acct.gateway,
    from: input.from,
    to: input.to,
    matched: { ...zero(), ledger: 0 },
    paidWithoutPayment: [],
    paymentsWithoutAttempt: orphans.map((p) => ({
      paymentId: p.id,
      number: p.number,
      customerName: nameOf(p.customerId),
      amount: p.amount,
      reference: p.reference,
      note: p.note,
      receivedAt: p.receivedAt,
      reversedAt: p.reversedAt,
    })),
    amountDifferences: [],
    reversed: [],
    vouchers: zero(),
  };
  for (const t of attempts) {
    const m = moneyOf(t);
    // A shop purchase is matched by the voucher it delivered (a sale, not a ledger credit).
    if (t.purpose === 'voucher' && t.voucher_id !== null) {
      add(out.vouchers, m);
      continue;
    }
    const p = t.payment_id ? byId.get(t.payment_id) : undefined;
    const item: ReconcileAttemptItem = {
      attemptId: t.id,
      orderId: t.order_id,
      paidAt: t.paid_at,
      customerName: nameOf(t.customer_id),
      asked: t.amount,
      paid: m.gross,
      fee: m.fee,
      expected: m.net,
      paymentId: p?.id ?? null,
      paymentNumber: p?.number ?? null,
      ledger: p?.amount ?? null,
      reversedAt: p?.reversedAt ?? null,
      reverseReason: p?.reverseReason ?? null,
    };
    if (!p) out.paidWithoutPayment.push(item);
    else if (p.reversedAt) out.reversed.push(item);
    else if (p.amount !== m.net || m.gross !== t.amount) out.amountDifferences.push(item);
    else {
      add(out.matched, m);
      out.matched.ledger += p.amount;
    }
  }
  return out;
}

const HEAD = {
  id: { day: 'Tanggal', account: 'Akun', gateway: 'Gateway', count: 'Jumlah transaksi', gross: 'Bruto', fee: 'Biaya gateway', net: 'Neto', total: 'Total', sheet: 'Pembayaran online', file: 'laporan-pembayaran-online' },
  en: { day: 'Date', account: 'Account', gateway: 'Gateway', count: 'Transactions', gross: 'Gross', fee: 'Gateway fee', net: 'Net', total: 'Total', sheet: 'Online payments', file: 'online-payments-report' },
} as const;

const MIME = { csv: 'text/csv;charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

/** The report as a CSV (UTF-8 with BOM) or XLSX file; money as plain integer rupiah; every text cell neutralised. */
export async function gatewayReportFile(r: GatewayReport, format: 'csv' | 'xlsx', language: 'id' | 'en'): Promise<ExportFile> {
  const h = HEAD[language];
  const header = safeRow([h.day, h.account, h.gateway, h.count, h.gross, h.fee, h.net]);
  const data = safeRows<string | number>([
    ...r.rows.map((x) => [x.day, x.accountName, x.gateway, x.count, x.gross, x.fee, x.net]),
    [h.total, '', '', r.totals.count, r.totals.gross, r.totals.fee, r.totals.net],
  ]);
  const filename = `${h.file}-${r.from}_${r.to}.${format}`;
  if (format === 'csv') {
    const csv = Papa.unparse({ fields: header, data });
    return { filename, mime: MIME.csv, base64: Buffer.from(`\ufeff${csv}\r\n`, 'utf8').toString('base64') };
  }
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(h.sheet);
  ws.addRow(header).font = { bold: true };
  for (const row of data) ws.addRow(row);
  ws.getRow(ws.rowCount).font = { bold: true };
  ws.columns.forEach((col, i) => {
    col.width = i === 1 ? 28 : 16;
    if (i >= 4) col.numFmt = '#,##0';
  });
  return { filename, mime: MIME.xlsx, base64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64') };
}
