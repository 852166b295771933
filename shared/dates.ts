/**
 * Office-local calendar dates as `YYYY-MM-DD` strings: the one declaration of local dates (billing periods,
 * voucher sales days, customer "today") shared by every module. Arithmetic runs on UTC midnights, so daylight
 * saving and the host's time zone never shift a day.
 */
export type LocalDate = string;

const DAY = 86_400_000;

function parts(d: LocalDate): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
  if (!m) throw new Error(`Not a date: ${d}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

const ms = (d: LocalDate): number => {
  const [y, m, day] = parts(d);
  return Date.UTC(y, m - 1, day);
};

const fromMs = (t: number): LocalDate => new Date(t).toISOString().slice(0, 10);

export function addDays(d: LocalDate, n: number): LocalDate {
  return fromMs(ms(d) + n * DAY);
}

/** b − a in days. */
export function diffDays(a: LocalDate, b: LocalDate): number {
  return Math.round((ms(b) - ms(a)) / DAY);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function dayOf(d: LocalDate): number {
  return parts(d)[2];
}

/** The anchor day in a given month, clamped to short months (31 → 30 or 28/29). */
export function anchorIn(year: number, month: number, anchorDay: number): LocalDate {
  const y = year + Math.floor((month - 1) / 12);
  const m = ((((month - 1) % 12) + 12) % 12) + 1;
  const day = Math.min(anchorDay, daysInMonth(y, m));
  return `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export interface Period {
  start: LocalDate;
  /** Exclusive. */
  end: LocalDate;
  /** Months the period spans (a multi-month package); 1 when absent. */
  months?: number;
  /** Registered while the subscription was isolated and isolated days are not billed: those days are free. */
  suspended?: boolean;
}

/** The billing period (anchor to next anchor) that contains the date. */
export function periodContaining(d: LocalDate, anchorDay: number): Period {
  const [y, m] = parts(d);
  let start = anchorIn(y, m, anchorDay);
  if (start > d) start = anchorIn(y, m - 1, anchorDay);
  return { start, end: nextAnchor(start, anchorDay) };
}

/** The anchor after a period start. */
export function nextAnchor(start: LocalDate, anchorDay: number): LocalDate {
  const [y, m] = parts(start);
  return anchorIn(y, m + 1, anchorDay);
}

/** The anchor `months` months after a period start (12 months = a year later, clamped like every anchor). */
export function anchorAfter(start: LocalDate, anchorDay: number, months: number): LocalDate {
  const [y, m] = parts(start);
  return anchorIn(y, m + months, anchorDay);
}

/** One formatter per time zone: making an Intl formatter costs far more than formatting with one. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** Today in a time zone, e.g. todayIn('Asia/Jakarta', now). */
export function todayIn(timeZone: string, now: Date): LocalDate {
  let f = dayFormats.get(timeZone);
  if (!f) dayFormats.set(timeZone, (f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return f.format(now);
}

/** The month after a YYYY-MM month. */
export function nextMonth(month: string): string {
  const d = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1));
  return d.toISOString().slice(0, 7);
}

export function monthOf(d: LocalDate): string {
  return d.slice(0, 7);
}

/** UTC instant of an office-local midnight (Indonesia has no daylight saving; the offset is taken at that date). */
export function localMidnightUtc(date: string, timeZone: string): string {
  const guess = new Date(`${date}T00:00:00Z`);
  const local = new Date(guess.toLocaleString('en-US', { timeZone }));
  const utc = new Date(guess.toLocaleString('en-US', { timeZone: 'UTC' }));
  return new Date(guess.getTime() - (local.getTime() - utc.getTime())).toISOString();
}

/** The office month an instant falls in, with its bounds as UTC instants. */
export function officeMonth(at: Date, timeZone: string): { month: string; start: string; end: string } {
  const month = monthOf(todayIn(timeZone, at));
  return { month, start: localMidnightUtc(`${month}-01`, timeZone), end: localMidnightUtc(`${nextMonth(month)}-01`, timeZone) };
}
