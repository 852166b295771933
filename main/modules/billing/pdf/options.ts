import type { CustomerLang } from '../../../../shared/customer-format';
import type { PdfOffice } from './draw';

export interface PdfOptions {
  lang: CustomerLang;
  /** The office time zone: times are printed in it. */
  timeZone: string;
  office: PdfOffice;
  /** Compressed page streams (default); tests read the text of uncompressed ones. */
  compress?: boolean;
}

export interface PdfFile {
  filename: string;
  bytes: Buffer;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** An instant as "7 Des 2026 10.15" in the office time zone. */
export function moment(iso: string, lang: CustomerLang, timeZone: string): string {
  const k = `${lang}|${timeZone}`;
  let f = formats.get(k);
  if (!f) formats.set(k, (f = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone })));
  return f.format(new Date(iso));
}
