import { describe, expect, it } from 'vitest';
import { alphabet, batchComment, codeSpace, generateCodes } from '../../main/modules/vouchers/codes';
import { parseBatchComment } from '../../main/modules/routers/import/mikhmon';
import { CHARSETS } from '../../shared/contract/vouchers';

describe('voucher codes', () => {
  it.each(CHARSETS.map((c) => [c]))('charset %s uses only its characters', (charset) => {
    const codes = generateCodes({ quantity: 300, mode: 'vc', codeLength: 8, charset, avoidAmbiguous: false, prefix: '' }, () => false);
    const allowed = new Set(alphabet(charset, false));
    for (const c of codes) {
      expect(c.username).toHaveLength(8);
      expect([...c.username].every((ch) => allowed.has(ch))).toBe(true);
      expect(c.password).toBe(c.username);
    }
    if (charset === 'digits') expect(codes.every((c) => /^\d+$/.test(c.username))).toBe(true);
    if (charset === 'upper') expect(codes.every((c) => /^[A-Z]+$/.test(c.username))).toBe(true);
  });

  it('leaves out look-alike characters when asked', () => {
    const codes = generateCodes({ quantity: 2000, mode: 'vc', codeLength: 6, charset: 'mixed-digits', avoidAmbiguous: true, prefix: '' }, () => false);
    expect(codes.some((c) => /[0Oo1lIi2Zz5Ss8B]/.test(c.username))).toBe(false);
    expect(alphabet('digits', true)).toBe('0123456789');
  });

  it('usernames are unique, never taken, case-insensitively; up mode gets numeric passwords; prefixes stay', () => {
    const taken = new Set(['abc']);
    const codes = generateCodes({ quantity: 5000, mode: 'up', codeLength: 4, charset: 'upper-digits', avoidAmbiguous: true, prefix: 'RT' }, (u) => taken.has(u.toLowerCase()));
    expect(new Set(codes.map((c) => c.username.toLowerCase())).size).toBe(5000);
    expect(codes.every((c) => c.username.startsWith('RT') && /^\d{4}$/.test(c.password))).toBe(true);
    const tiny = { quantity: 10, mode: 'vc' as const, codeLength: 3, charset: 'digits' as const, avoidAmbiguous: false, prefix: '' };
    expect(codeSpace(tiny)).toBe(1000);
    expect(() => generateCodes({ ...tiny, quantity: 400 }, () => false)).toThrow(RangeError);
  });

  it('batch comments follow Mikhmon, so Mikhmon (and our import) read them back', () => {
    const c = batchComment('up', '2026-11-25', 'Promo');
    expect(c).toMatch(/^up-\d{3}-11\.25\.26-Promo$/);
    expect(parseBatchComment(c)).toMatchObject({ mode: 'up', generatedOn: '2026-11-25', note: 'Promo' });
  });
});
