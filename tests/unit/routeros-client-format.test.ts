import { describe, expect, it } from 'vitest';
import {
  formatClockDuration,
  formatDuration,
  formatRouterDate,
  parseDuration,
  parseGmtOffset,
  parseRouterDate,
  parseRouterDateTime,
  parseRouterTime,
  routerDateToUtc,
} from '../../main/modules/routers/client/format';

describe('RouterOS durations', () => {
  it('parses the unit form', () => {
    expect(parseDuration('1w2d3h4m5s')).toBe(604_800 + 2 * 86_400 + 3 * 3600 + 4 * 60 + 5);
    expect(parseDuration('1d')).toBe(86_400);
    expect(parseDuration('30m')).toBe(1800);
    expect(parseDuration('0s')).toBe(0);
    expect(parseDuration('5s150ms')).toBe(5.15);
    expect(parseDuration('150ms')).toBe(0.15);
    expect(parseDuration(' 2H ')).toBe(7200);
  });

  it('parses the clock form, alone and after units', () => {
    expect(parseDuration('00:02:30')).toBe(150);
    expect(parseDuration('1d00:00:00')).toBe(86_400);
    expect(parseDuration('1w2d03:04:05')).toBe(604_800 + 2 * 86_400 + 3 * 3600 + 4 * 60 + 5);
    expect(parseDuration('100:00:00')).toBe(360_000);
    expect(parseDuration('1:30')).toBe(90);
    expect(parseDuration('00:00:01.5')).toBe(1.5);
  });

  it('takes a bare number as seconds and refuses garbage', () => {
    expect(parseDuration('3600')).toBe(3600);
    for (const bad of ['', 'abc', '1x', '1d2', '00:61:00', '00:00:60', 'd1', '1h h', '5mm']) {
      expect(parseDuration(bad), bad).toBeNull();
    }
    expect(parseDuration('none')).toBeNull();
    expect(parseDuration('none', { zeroWords: true })).toBe(0);
    expect(parseDuration('', { zeroWords: true })).toBe(0);
  });

  it('formats seconds in the unit form and round-trips', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(5)).toBe('5s');
    expect(formatDuration(90)).toBe('1m30s');
    expect(formatDuration(86_400)).toBe('1d');
    expect(formatDuration(604_800 + 2 * 86_400 + 3 * 3600 + 4 * 60 + 5)).toBe('1w2d3h4m5s');
    expect(formatDuration(1.25)).toBe('1s250ms');
    for (const s of [1, 59, 60, 61, 3599, 3600, 86_399, 86_401, 1_234_567, 0.5, 30 * 86_400]) {
      expect(parseDuration(formatDuration(s))).toBe(s);
    }
    expect(() => formatDuration(-1)).toThrow(RangeError);
    expect(() => formatDuration(Number.NaN)).toThrow(RangeError);
  });

  it('formats the clock form', () => {
    expect(formatClockDuration(150)).toBe('00:02:30');
    expect(formatClockDuration(86_400 + 1)).toBe('24:00:01');
    expect(parseDuration(formatClockDuration(7322))).toBe(7322);
  });
});

describe('RouterOS clock dates', () => {
  it('parses both date styles', () => {
    expect(parseRouterDate('jul/14/2023')).toEqual({ year: 2023, month: 7, day: 14, style: 'legacy' });
    expect(parseRouterDate('Jan/02/2024')).toEqual({ year: 2024, month: 1, day: 2, style: 'legacy' });
    expect(parseRouterDate('2023-07-14')).toEqual({ year: 2023, month: 7, day: 14, style: 'iso' });
    for (const bad of ['feb/30/2023', 'foo/01/2023', '2023-13-01', '2023-02-29', '14/07/2023', '2023-7-14', '']) {
      expect(parseRouterDate(bad), bad).toBeNull();
    }
    expect(parseRouterDate('feb/29/2024')).not.toBeNull();
  });

  it('parses times', () => {
    expect(parseRouterTime('13:00:00')).toBe(13 * 3600);
    expect(parseRouterTime('07:05')).toBe(7 * 3600 + 300);
    expect(parseRouterTime('24:00:00')).toBeNull();
    expect(parseRouterTime('12:60:00')).toBeNull();
  });

  it('parses GMT offsets', () => {
    expect(parseGmtOffset('+07:00')).toBe(420);
    expect(parseGmtOffset('+0700')).toBe(420);
    expect(parseGmtOffset('-05:30')).toBe(-330);
    expect(parseGmtOffset('+7')).toBe(420);
    expect(parseGmtOffset('25200')).toBe(420);
    expect(parseGmtOffset(-18_000)).toBe(-300);
    expect(parseGmtOffset('+00:00')).toBe(0);
    expect(parseGmtOffset('UTC')).toBeNull();
  });

  it('turns router-local date + time into UTC with the router offset, both styles alike', () => {
    const wib = 420; // UTC+7
    const a = routerDateToUtc('jul/14/2023', '13:00:00', wib);
    const b = routerDateToUtc('2023-07-14', '13:00:00', wib);
    expect(a?.toISOString()).toBe('2023-07-14T06:00:00.000Z');
    expect(b?.getTime()).toBe(a?.getTime());
    // Across midnight and a negative offset.
    expect(routerDateToUtc('2024-01-01', '02:00:00', wib)?.toISOString()).toBe('2023-12-31T19:00:00.000Z');
    expect(routerDateToUtc('dec/31/2023', '22:30:00', -300)?.toISOString()).toBe('2024-01-01T03:30:00.000Z');
    expect(routerDateToUtc('2023-07-14', undefined, 0)?.toISOString()).toBe('2023-07-14T00:00:00.000Z');
    expect(routerDateToUtc('2023-07-14', '25:00:00', 0)).toBeNull();
  });

  it('parses Mikhmon expiry comments and scheduler next-run in either style', () => {
    expect(parseRouterDateTime('jan/02/2024 13:00:00', 420)?.toISOString()).toBe('2024-01-02T06:00:00.000Z');
    expect(parseRouterDateTime('2024-01-02 13:00:00', 420)?.toISOString()).toBe('2024-01-02T06:00:00.000Z');
    expect(parseRouterDateTime('2024-01-02', 0)?.toISOString()).toBe('2024-01-02T00:00:00.000Z');
    expect(parseRouterDateTime('vc-042-05.12.25', 420)).toBeNull();
    expect(parseRouterDateTime('', 420)).toBeNull();
  });

  it('formats an instant as the router shows it, and round-trips', () => {
    const t = new Date('2023-07-14T06:00:00Z');
    expect(formatRouterDate(t, 420, 'legacy')).toEqual({ date: 'jul/14/2023', time: '13:00:00' });
    expect(formatRouterDate(t, 420, 'iso')).toEqual({ date: '2023-07-14', time: '13:00:00' });
    expect(formatRouterDate(new Date('2023-12-31T20:00:00Z'), 420, 'legacy')).toEqual({ date: 'jan/01/2024', time: '03:00:00' });
    for (const style of ['legacy', 'iso'] as const) {
      const { date, time } = formatRouterDate(t, -330, style);
      expect(routerDateToUtc(date, time, -330)?.getTime()).toBe(t.getTime());
    }
  });
});
