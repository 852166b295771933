import { describe, expect, it } from 'vitest';
import { marginsFor, pdfMargins, pdfPageSize, printPageSize, printRequestSchema, THERMAL_PAGE_LENGTH_MM } from '../../main/desktop/print-options';

describe('page sizes', () => {
  it('maps to webContents.print sizes in micrometres', () => {
    expect(printPageSize('A4')).toBe('A4');
    expect(printPageSize('58mm')).toEqual({ width: 58_000, height: THERMAL_PAGE_LENGTH_MM * 1000 });
    expect(printPageSize('80mm')).toEqual({ width: 80_000, height: THERMAL_PAGE_LENGTH_MM * 1000 });
  });

  it('maps to printToPDF sizes in inches', () => {
    expect(pdfPageSize('A4')).toBe('A4');
    const s = pdfPageSize('80mm');
    expect(typeof s).toBe('object');
    if (typeof s === 'object') {
      expect(s.width).toBeCloseTo(80 / 25.4, 6);
      expect(s.height).toBeCloseTo(THERMAL_PAGE_LENGTH_MM / 25.4, 6);
    }
  });

  it('prints thermal receipts without margins', () => {
    expect(marginsFor('58mm')).toEqual({ marginType: 'none' });
    expect(marginsFor('A4')).toEqual({ marginType: 'default' });
    expect(pdfMargins('80mm')).toEqual({ top: 0, bottom: 0, left: 0, right: 0 });
    expect(pdfMargins('A4')).toBeUndefined();
  });
});

describe('printRequestSchema (the payload is parsed in main)', () => {
  it('accepts a valid request', () => {
    expect(printRequestSchema.parse({ html: '<p>x</p>', pageSize: '58mm', silent: true, deviceName: 'POS-58' })).toEqual({
      html: '<p>x</p>',
      pageSize: '58mm',
      silent: true,
      deviceName: 'POS-58',
    });
  });

  it.each([
    ['missing html', { pageSize: 'A4' }],
    ['empty html', { html: '', pageSize: 'A4' }],
    ['unknown size', { html: 'x', pageSize: 'A3' }],
    ['extra keys', { html: 'x', pageSize: 'A4', preload: '/tmp/x.js' }],
    ['wrong types', { html: 'x', pageSize: 'A4', silent: 'yes' }],
    ['empty printer name', { html: 'x', pageSize: 'A4', deviceName: ' ' }],
    ['too large', { html: 'x'.repeat(5_000_001), pageSize: 'A4' }],
    ['not an object', 'print me'],
    ['null', null],
  ])('refuses %s', (_name, payload) => {
    expect(printRequestSchema.safeParse(payload).success).toBe(false);
  });
});
