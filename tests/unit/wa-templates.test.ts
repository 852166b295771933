import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES, render, unknownPlaceholders } from '../../main/modules/whatsapp/templates';
import { WA_PLACEHOLDERS, WA_TEMPLATE_EVENTS } from '../../shared/contract/whatsapp';

describe('WhatsApp templates', () => {
  it('fill placeholders; an empty one leaves no gap, and a label line without its value is left out', () => {
    const vars = { nama: 'Andi', jumlah: 'Rp250.000', jatuh_tempo: '10 Des 2026', no_tagihan: 'INV/1', kantor: 'RT Net' };
    // A one-off charge: no period, and no payment link (online payment not set up).
    expect(render(DEFAULT_TEMPLATES.invoice_issued.id, vars)).toBe('Halo Andi, tagihan internet sudah terbit: Rp250.000, jatuh tempo 10 Des 2026 (no. INV/1).\n\nTerima kasih,\nRT Net');
    expect(render(DEFAULT_TEMPLATES.invoice_issued.id, { ...vars, link_bayar: 'https://x/p/1' })).toContain('\nBayar online: https://x/p/1\n');
    expect(render('Hello {nama} ({no_pelanggan}).', { nama: 'Andi' })).toBe('Hello Andi.');
    expect(render('Kode {bukan_ada} {nama}', { nama: 'Andi' })).toBe('Kode Andi');
  });

  it('every shipped template uses only known placeholders, in both languages', () => {
    for (const e of WA_TEMPLATE_EVENTS) for (const lang of ['id', 'en'] as const) expect(unknownPlaceholders(DEFAULT_TEMPLATES[e][lang]), `${e}/${lang}`).toEqual([]);
    expect(unknownPlaceholders('{nama} {tidak_ada} {tidak_ada}')).toEqual(['tidak_ada']);
    expect(WA_PLACEHOLDERS).toContain('link_bayar');
  });
});
