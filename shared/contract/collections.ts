import { z } from 'zod';
import { op } from './op';
import { idSchema, pageSchema } from './common';
import type { IsoDate, Page } from './dto';
import type { LocalDate } from './billing';

/*
 * Field collection (kolektor, issue 14): a collector's route of customers in arrears in their areas, cash
 * received in the field through the counter's own payment path, and the hand-over of that cash at the office.
 */

/** A hand-over of a collector's cash: waiting for the office, received (confirmed) or withdrawn/refused (cancelled). */
export const HANDOVER_STATES = ['pending', 'confirmed', 'cancelled'] as const;
export type HandoverState = (typeof HANDOVER_STATES)[number];

const rupiah = z.number().int().min(0).max(1_000_000_000);
/** An area name as customers carry it (free text chosen by the office). */
const areaSchema = z.string().trim().min(1).max(100);

/** One customer to visit today. */
export interface RouteStop {
  customerId: number;
  number: string;
  name: string;
  area: string;
  address: string;
  /** E.164 or null. */
  phone: string | null;
  whatsapp: string | null;
  lat: number | null;
  lng: number | null;
  /** Google Maps at lat,lng, or a search for the address; null when there is neither. */
  mapUrl: string | null;
  /** Unpaid on invoices due today or earlier (integer rupiah): the amount the form is prefilled with. */
  owed: number;
  /** Unpaid on all open invoices, due later included. */
  openTotal: number;
  /** Unpaid invoices due today or earlier. */
  invoices: number;
  /** The oldest unpaid due date (office-local), null when nothing is due yet. */
  oldestDue: LocalDate | null;
  /** A subscription of this customer is isolated for arrears. */
  isolated: boolean;
  /** Cash this collector took from the customer today (a stop paid today stays on the list, marked). */
  collectedToday: number;
  /** Assigned to this collector by name (customers' collector field), not only by area. */
  assigned: boolean;
}

export interface CollectorRoute {
  collectorId: number;
  collectorName: string;
  /** Office-local date the route is for. */
  day: LocalDate;
  areas: string[];
  /** Ordered by area, then address, then name. */
  stops: RouteStop[];
}

/** A cash payment a collector took (kept by this module from billing's payment events). */
export interface FieldPaymentDto {
  paymentId: number;
  number: string;
  customerId: number;
  customerName: string;
  amount: number;
  receivedAt: IsoDate;
  day: LocalDate;
  reversedAt: IsoDate | null;
  handoverId: number | null;
}

export interface HandoverDto {
  id: number;
  number: string;
  collectorId: number;
  collectorName: string;
  state: HandoverState;
  /** What the hand-over covers: the sum of its payments (fixed when it is confirmed). */
  amount: number;
  count: number;
  /** Cash the office counted (confirmed only). */
  counted: number | null;
  /** counted − amount (confirmed only): negative = short. */
  difference: number | null;
  note: string;
  createdAt: IsoDate;
  createdBy: string | null;
  decidedAt: IsoDate | null;
  decidedBy: string | null;
}

/** A collector's money: today's collection, what is still with them, and the hand-over waiting for the office. */
export interface CollectorDay {
  collectorId: number;
  collectorName: string;
  day: LocalDate;
  /** Cash taken today (office day), reversals left out. */
  todayTotal: number;
  todayCount: number;
  /** Taken and not yet confirmed as handed over (a waiting hand-over included). */
  outstanding: number;
  outstandingCount: number;
  /** Of the outstanding: not in a waiting hand-over (what the next hand-over would cover). */
  unsubmitted: number;
  unsubmittedCount: number;
  pending: HandoverDto | null;
  /** The outstanding payments, newest first. */
  payments: FieldPaymentDto[];
  /** The last few hand-overs, newest first. */
  recent: HandoverDto[];
}

export interface CollectorSummary {
  id: number;
  name: string;
  username: string;
  active: boolean;
  areas: string[];
  todayTotal: number;
  outstanding: number;
  outstandingCount: number;
  pending: HandoverDto | null;
}

/** Someone else's route or money needs `collections.receive` (the office); a collector sees their own. */
const whose = z.object({ collectorId: idSchema.optional() });

export const collectionsContract = {
  /** Today's route: customers in arrears in the collector's areas (or assigned to them), by area and address. */
  'collections.route': op<CollectorRoute>()({ input: whose, access: 'collections.collect', mutates: false }),
  /** Today's total, the outstanding cash and the waiting hand-over. */
  'collections.day': op<CollectorDay>()({ input: whose, access: 'collections.collect', mutates: false }),
  /**
   * Cash received in the field: recorded exactly as the counter's payments.create (receipt, ledger, settlement,
   * restore), method cash, received by the caller. The form's key makes a double tap record once.
   */
  'collections.pay': op<{ paymentId: number; number: string; customerName: string; amount: number; replayed: boolean; day: CollectorDay }>()({
    input: z.object({
      customerId: idSchema,
      amount: rupiah.min(1),
      note: z.string().trim().max(300).default(''),
      idempotencyKey: z.string().trim().min(8).max(100),
    }),
    access: 'collections.collect',
    mutates: true,
  }),
  /**
   * The collector hands the outstanding cash over (a hand-over waiting for the office): it covers every cash
   * payment not yet in one. `amount` is what the collector saw: refused (conflict) when it is no longer the sum.
   */
  'collections.handOver': op<HandoverDto>()({
    input: z.object({ amount: rupiah.min(1) }),
    access: 'collections.collect',
    mutates: true,
  }),
  /** The office counted the cash: confirmed. A count that differs needs a note (kept with the difference). Never by the collector themself. */
  'collections.confirmHandover': op<HandoverDto>()({
    input: z.object({ id: idSchema, counted: rupiah, note: z.string().trim().max(300).default('') }),
    access: 'collections.receive',
    mutates: true,
  }),
  /** Withdraws (the collector) or refuses (the office) a waiting hand-over: its payments are outstanding again. */
  'collections.cancelHandover': op<HandoverDto>()({
    input: z.object({ id: idSchema, reason: z.string().trim().max(300).default('') }),
    access: 'payments.collect',
    mutates: true,
  }),
  /** Collectors with their areas, today's total, outstanding cash and waiting hand-over (the office's view). */
  'collections.collectors': op<CollectorSummary[]>()({ input: z.object({}).strict(), access: 'collections.receive', mutates: false }),
  /** Hand-overs, newest first. */
  'collections.handovers': op<Page<HandoverDto>>()({
    input: pageSchema.extend({ collectorId: idSchema.optional(), state: z.enum(HANDOVER_STATES).optional() }),
    access: 'collections.receive',
    mutates: false,
  }),
  /** The areas a collector covers (replaces the list). */
  'collections.setAreas': op<CollectorSummary>()({
    input: z.object({ userId: idSchema, areas: z.array(areaSchema).max(100) }),
    access: 'users.manage',
    mutates: true,
  }),
};
