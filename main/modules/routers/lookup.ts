import type { RouterClient, Row } from './client/types';

/** Up to this many distinct objects in one menu are looked up one query each (pipelined); more, one print. */
export const QUERY_LOOKUP_MAX = 20;

const keyString = (key: Record<string, string>): string =>
  Object.entries(key)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');

/**
 * The rows of `menu` that may match the given keys (each a set of field = value), with the `proplist`
 * fields (plus `.id` and the key fields). A few objects are found with queries (`?name=X`, or `?list=..
 * ?address=..`, routeros.md §6) sent together on the one connection, so a router with 10,000 hotspot users
 * is not asked for all of them to change one; many objects cost one print of the whole menu. The caller
 * still matches rows to keys itself (the full print returns everything).
 */
export async function lookupRows(client: RouterClient, menu: string, keys: readonly Record<string, string>[], proplist: readonly string[] = []): Promise<Row[]> {
  const distinct = new Map<string, Record<string, string>>();
  for (const k of keys) distinct.set(keyString(k), k);
  if (distinct.size === 0) return [];
  const keyFields = [...new Set([...distinct.values()].flatMap((k) => Object.keys(k)))];
  const props = [...new Set(['.id', ...keyFields, ...proplist])];
  if (distinct.size > QUERY_LOOKUP_MAX) return client.print(menu, { proplist: props });
  const answers = await Promise.all(
    [...distinct.values()].map((key) => client.print(menu, { proplist: props, query: Object.entries(key).map(([k, v]) => `?${k}=${v}`) })),
  );
  return answers.flat();
}
