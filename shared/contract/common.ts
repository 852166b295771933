import { z } from 'zod';
import { ROLES } from '../permissions';

export const empty = z.object({}).strict();
export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,32}$/, { message: 'Use 3–32 letters, digits, dot, dash or underscore' });
export const passwordSchema = z.string().min(8).max(128);
export const fullNameSchema = z.string().trim().min(2).max(100);
export const roleSchema = z.enum(ROLES);
export const idSchema = z.number().int().positive();
export const pageSchema = z.object({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(200).default(50),
});

/**
 * Calendar years the date engine handles. Office dates (install dates, lifecycle dates, promises, due dates,
 * report ranges) are business dates of a running ISP: nothing before 2000 can be billed, and 2099 leaves
 * room for periods, packages and report windows that run on from a date (Date.UTC maps years 0–99 to
 * 1900–1999, and a period past 9999-12 has no YYYY-MM-DD form), so both ends stay far from the edges.
 */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2099;
const yearInRange = (s: string): boolean => {
  const y = /^(\d{4})/.exec(s);
  // A string of another shape is reported by the format check; this one only bounds the year.
  return !y || (Number(y[1]) >= MIN_YEAR && Number(y[1]) <= MAX_YEAR);
};
const yearMessage = { message: `Use a date between ${MIN_YEAR} and ${MAX_YEAR}` };
/** An office-local calendar date, YYYY-MM-DD, in MIN_YEAR–MAX_YEAR. */
export const calendarDateSchema = z.iso.date().refine(yearInRange, yearMessage);
/** A calendar month, YYYY-MM, in MIN_YEAR–MAX_YEAR. */
export const calendarMonthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'Use a month as YYYY-MM' })
  .refine(yearInRange, yearMessage);
/** An instant (ISO 8601 with offset), e.g. a filter bound, in 1970–MAX_YEAR. */
export const isoDateSchema = z.iso
  .datetime({ offset: true })
  .refine((s) => {
    const y = /^(\d{4})/.exec(s);
    return !y || (Number(y[1]) >= 1970 && Number(y[1]) <= MAX_YEAR);
  }, { message: `Use a time between 1970 and ${MAX_YEAR}` });
