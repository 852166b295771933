const SECRET = /pass(word)?|secret|token|logo/i;

/** Copy of a call's input for the audit log: secrets removed, long strings shortened. */
export function redactForAudit(value: unknown, depth = 0): unknown {
  if (depth > 5) return '[…]';
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redactForAudit(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET.test(k) ? (v == null ? v : '[redacted]') : redactForAudit(v, depth + 1);
    }
    return out;
  }
  if (typeof value === 'string' && value.length > 200) return `${value.slice(0, 200)}…`;
  return value;
}
