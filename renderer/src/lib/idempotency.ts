/** One key per money form: sending the same form twice (double click, retry) records it once. */
export function newIdempotencyKey(): string {
  // randomUUID exists only in secure contexts; the admin UI may be opened over plain http on the LAN.
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
