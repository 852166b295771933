import PDFDocument from 'pdfkit';

/*
 * A small A4 document vocabulary over pdfkit (its standard Helvetica: no font files to ship). Text is limited to
 * what those fonts can show (Latin-1 and the usual punctuation); anything else becomes "?" instead of a broken glyph.
 */

export interface PdfOffice {
  name: string;
  address: string;
  phone: string;
}

const MARGIN = 48;
const WIDTH = 595.28 - MARGIN * 2;
const GREY = '#555555';

/** Keeps what the standard PDF fonts can draw (WinAnsi): Latin-1 and a few typographic marks. */
export function printable(s: string): string {
  return s.replace(/[^\t\n\r\x20-\x7e\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u20ac\u00d7]/gu, '?');
}

export class Sheet {
  readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;

  constructor(title: string, office: PdfOffice, compress = true) {
    this.doc = new PDFDocument({ size: 'A4', margin: MARGIN, compress, info: { Title: printable(title), Author: printable(office.name), Producer: 'Mikrotik Billing' } });
    this.done = new Promise((resolve, reject) => {
      this.doc.on('data', (c: Buffer) => this.chunks.push(c));
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
    this.header(office, title);
  }

  private header(o: PdfOffice, title: string): void {
    const d = this.doc;
    const top = d.y;
    d.font('Helvetica-Bold').fontSize(15).fillColor('#000').text(printable(o.name), MARGIN, top, { width: WIDTH * 0.6 });
    d.font('Helvetica').fontSize(9).fillColor(GREY);
    if (o.address) d.text(printable(o.address), { width: WIDTH * 0.6 });
    if (o.phone) d.text(printable(o.phone), { width: WIDTH * 0.6 });
    const leftBottom = d.y;
    d.font('Helvetica-Bold').fontSize(14).fillColor('#000').text(printable(title), MARGIN + WIDTH * 0.55, top, { width: WIDTH * 0.45, align: 'right' });
    d.y = Math.max(leftBottom, d.y) + 10;
    this.rule();
  }

  rule(): void {
    const d = this.doc;
    d.moveTo(MARGIN, d.y).lineTo(MARGIN + WIDTH, d.y).lineWidth(0.7).strokeColor('#999').stroke();
    d.y += 10;
  }

  gap(h = 8): void {
    this.doc.y += h;
  }

  /** A label on the left, its value on the right, on one line. */
  pair(label: string, value: string, opts: { bold?: boolean; size?: number } = {}): void {
    const d = this.doc;
    const y = d.y;
    const size = opts.size ?? 10;
    d.font('Helvetica').fontSize(size).fillColor(GREY).text(printable(label), MARGIN, y, { width: WIDTH * 0.5 });
    const after = d.y;
    d.font(opts.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(size).fillColor('#000').text(printable(value), MARGIN + WIDTH * 0.4, y, { width: WIDTH * 0.6, align: 'right' });
    d.y = Math.max(after, d.y) + 3;
  }

  /** A row of a table: a description that wraps, an amount on the right. */
  row(description: string, amount: string, opts: { bold?: boolean; muted?: boolean } = {}): void {
    const d = this.doc;
    if (d.y > 760) d.addPage();
    const y = d.y;
    d.font(opts.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(10).fillColor(opts.muted ? GREY : '#000');
    d.text(printable(description), MARGIN, y, { width: WIDTH * 0.72 });
    const after = d.y;
    d.text(printable(amount), MARGIN + WIDTH * 0.72, y, { width: WIDTH * 0.28, align: 'right' });
    d.y = Math.max(after, d.y) + 4;
  }

  heading(text: string): void {
    this.doc.font('Helvetica-Bold').fontSize(10).fillColor('#000').text(printable(text), MARGIN, this.doc.y, { width: WIDTH });
    this.gap(3);
  }

  para(text: string, opts: { muted?: boolean; bold?: boolean; size?: number } = {}): void {
    this.doc
      .font(opts.bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(opts.size ?? 10)
      .fillColor(opts.muted ? GREY : '#000')
      .text(printable(text), MARGIN, this.doc.y, { width: WIDTH });
    this.gap(3);
  }

  /** A rubber stamp (LUNAS, DIBATALKAN) at the top right of the first page. */
  stamp(text: string, color: string): void {
    const d = this.doc;
    const y = d.y;
    d.save();
    d.rotate(-12, { origin: [MARGIN + WIDTH - 80, 150] });
    d.font('Helvetica-Bold').fontSize(22).fillColor(color).strokeColor(color).lineWidth(2);
    const w = d.widthOfString(text) + 20;
    d.rect(MARGIN + WIDTH - 80 - w / 2, 136, w, 32).stroke();
    d.text(printable(text), MARGIN + WIDTH - 80 - w / 2, 142, { width: w, align: 'center' });
    d.restore();
    d.y = y;
  }

  async end(): Promise<Buffer> {
    this.doc.end();
    return this.done;
  }
}
