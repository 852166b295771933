import { describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/i18n/en';
import { id } from '../../renderer/src/i18n/id';
import { ERROR_CODES } from '../../shared/errors';
import { ROLES } from '../../shared/permissions';
import { SUMMARY_TEMPLATES } from '../../shared/summaries';

type Tree = { [key: string]: string | Tree };

/** Every leaf as `a.b.c` → text. */
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('UI translations', () => {
  const ids = flatten(id as Tree);
  const ens = flatten(en as Tree);

  it('Indonesian and English have exactly the same keys', () => {
    const onlyId = [...ids.keys()].filter((k) => !ens.has(k));
    const onlyEn = [...ens.keys()].filter((k) => !ids.has(k));
    expect({ onlyId, onlyEn }).toEqual({ onlyId: [], onlyEn: [] });
  });

  it('no text is empty and both languages use the same {{placeholders}}', () => {
    for (const [key, text] of ids) {
      expect(text.trim(), `id: ${key}`).not.toBe('');
      expect(ens.get(key)?.trim(), `en: ${key}`).not.toBe('');
      expect(placeholders(ens.get(key) ?? ''), `placeholders of ${key}`).toEqual(placeholders(text));
    }
  });

  it('every error code the server can send has a translation', () => {
    for (const code of ERROR_CODES) expect(ids.has(`errors.${code}`), `errors.${code}`).toBe(true);
  });

  it('every role has a name and a plain-words description', () => {
    for (const role of ROLES) {
      expect(ids.has(`roles.${role}.name`)).toBe(true);
      expect(ids.get(`roles.${role}.description`)?.length ?? 0).toBeGreaterThan(30);
    }
  });

  it('every audit and job summary the server writes can be said in both languages, with the same params', () => {
    for (const [key, template] of Object.entries(SUMMARY_TEMPLATES)) {
      expect(ids.has(`summaries.${key}`), `summaries.${key}`).toBe(true);
      expect(placeholders(ids.get(`summaries.${key}`) ?? ''), `params of ${key}`).toEqual(placeholders(template));
    }
  });
});
