import type { ReactNode } from 'react';
import type { z } from 'zod';
import { issuesToErrors, type AnyIssue } from './errors';

/**
 * A Mantine form `validate` function from a contract schema: the same rules the server applies, checked
 * before sending. `extra` adds client-only checks (password confirmation). `strip` drops leading path
 * segments when the form holds only part of the input.
 */
export function zodValidate<V>(schema: z.ZodType, opts: { extra?: (values: V) => AnyIssue[]; map?: (values: V) => unknown } = {}) {
  return (values: V): Record<string, ReactNode> => {
    const parsed = schema.safeParse(opts.map ? opts.map(values) : values);
    const issues: AnyIssue[] = parsed.success ? [] : [...parsed.error.issues];
    if (opts.extra) issues.push(...opts.extra(values));
    return issuesToErrors(issues);
  };
}

/** A client-only issue (shape of a zod custom issue) for a field path. */
export const customIssue = (path: string): AnyIssue => ({ code: 'custom', path: path.split('.'), message: path, params: {} });
