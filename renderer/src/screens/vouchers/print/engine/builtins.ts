import { escapeHtml } from './template';
import type { TemplateSource } from './render';

/** Words printed on the built-in vouchers, in the UI language. */
export interface CardLabels {
  code: string;
  username: string;
  password: string;
  login: string;
}

export const ID_LABELS: CardLabels = { code: 'Kode voucher', username: 'Username', password: 'Password', login: 'Login:' };

export type BuiltinKey = 'a4' | 'small' | '58mm' | '80mm';
export interface BuiltinTemplate extends TemplateSource {
  key: BuiltinKey;
}

function codes(l: CardLabels, indent: string): string {
  return [
    '{{#if usermode == "up"}}',
    `  <div class="v-label">${l.username}</div>`,
    '  <div class="v-code v-up">{{username}}</div>',
    `  <div class="v-label">${l.password}</div>`,
    '  <div class="v-code v-up">{{password}}</div>',
    '{{else}}',
    `  <div class="v-label">${l.code}</div>`,
    '  <div class="v-code">{{username}}</div>',
    '{{/if}}',
  ].map((line) => indent + line).join('\n');
}

/** Readable HTML for the editor: one element per line. */
const lines = (...parts: string[]): string => parts.join('\n');

const META = '{{validity}}{{#if timelimit}} · {{timelimit}}{{/if}}{{#if datalimit}} · {{datalimit}}{{/if}}';
const MONO = 'font-family:"DejaVu Sans Mono",Consolas,"Courier New",monospace;font-weight:700;letter-spacing:.04em';

/** The built-in templates: A4 grid with QR (default), small A4 without QR, thermal 58 mm and 80 mm. */
export function builtinTemplates(labels: CardLabels = ID_LABELS): BuiltinTemplate[] {
  const l: CardLabels = { code: escapeHtml(labels.code), username: escapeHtml(labels.username), password: escapeHtml(labels.password), login: escapeHtml(labels.login) };
  const head = lines(
    '  <div class="v-head">',
    '    {{#if logo}}<img class="v-logo" src="{{logo}}" alt="">{{/if}}',
    '    <span class="v-name">{{hotspotname}}</span>',
    '    <span class="v-num">#{{num}}</span>',
    '  </div>',
  );
  const foot = `  {{#if dnsname}}<div class="v-foot">${l.login} http://{{dnsname}}</div>{{/if}}`;
  return [
    {
      key: 'a4',
      name: 'A4',
      paper: 'a4',
      columns: 4,
      rows: 8,
      html: lines(
        '<div class="v">',
        head,
        '  <div class="v-main">',
        '    <div class="v-info">',
        codes(l, '      '),
        '      <div class="v-price">{{price}}</div>',
        `      <div class="v-meta">${META}</div>`,
        '    </div>',
        '    {{#if qr}}<div class="v-qr">{{qrcode}}</div>{{/if}}',
        '  </div>',
        foot,
        '</div>',
      ),
      css: `.v{height:100%;display:flex;flex-direction:column;padding:1.5mm 2mm;font-size:7.5pt}
.v-head{display:flex;align-items:center;gap:1mm;border-bottom:.3mm solid #000;padding-bottom:.6mm;font-weight:700}
.v-logo{height:4mm;max-width:10mm;object-fit:contain}
.v-name{flex:1;min-width:0;white-space:nowrap;overflow:hidden;font-size:8pt}
.v-num{font-weight:400;font-size:6.5pt;color:#444}
.v-main{flex:1;display:flex;gap:1.5mm;align-items:center;min-height:0}
.v-info{flex:1;min-width:0;text-align:center}
.v-label{font-size:5.5pt;color:#333;text-transform:uppercase;letter-spacing:.05em}
.v-code{${MONO};font-size:11pt;border:.3mm solid #000;padding:.4mm 0;margin:.2mm 0 .6mm;white-space:nowrap}
.v-code.v-up{font-size:8.5pt;margin-bottom:.3mm}
.v-price{font-weight:700;font-size:10pt}
.v-meta{font-size:6.5pt}
.v-qr{width:19mm;flex:none}
.v-foot{font-size:6pt;text-align:center;border-top:.2mm solid #999;padding-top:.4mm;white-space:nowrap}`,
    },
    {
      key: 'small',
      name: 'Small',
      paper: 'a4',
      columns: 6,
      rows: 14,
      html: lines(
        '<div class="v">',
        '  <div class="v-head"><span class="v-name">{{hotspotname}}</span><span class="v-num">#{{num}}</span></div>',
        '  <div class="v-code">{{username}}</div>',
        '  {{#if usermode == "up"}}<div class="v-pass">{{password}}</div>{{/if}}',
        '  <div class="v-meta"><b>{{price}}</b> · {{validity}}</div>',
        '</div>',
      ),
      css: `.v{height:100%;display:flex;flex-direction:column;justify-content:space-between;padding:1mm 1.5mm;font-size:6.5pt;text-align:center}
.v-head{display:flex;gap:1mm;font-weight:700;border-bottom:.2mm solid #000}
.v-name{flex:1;min-width:0;white-space:nowrap;overflow:hidden;text-align:left}
.v-num{font-weight:400;color:#444}
.v-code{${MONO};font-size:10pt;white-space:nowrap}
.v-pass{${MONO};font-size:8pt}
.v-meta{white-space:nowrap}`,
    },
    {
      key: '58mm',
      name: 'Thermal 58 mm',
      paper: '58mm',
      columns: 1,
      rows: 1,
      html: lines(
        '<div class="v">',
        '  {{#if logo}}<img class="v-logo" src="{{logo}}" alt="">{{/if}}',
        '  <div class="v-name">{{hotspotname}}</div>',
        codes(l, '  '),
        '  {{#if qr}}<div class="v-qr">{{qrcode}}</div>{{/if}}',
        '  <div class="v-price">{{price}}</div>',
        `  <div class="v-meta">${META}</div>`,
        foot,
        '  <div class="v-num">#{{num}} {{comment}}</div>',
        '</div>',
      ),
      css: `.v{text-align:center;font-size:8pt;padding:0 1mm}
.v-logo{max-height:10mm;max-width:30mm;object-fit:contain;filter:grayscale(1)}
.v-name{font-weight:700;font-size:10pt;margin-bottom:1mm}
.v-label{font-size:7pt}
.v-code{${MONO};font-size:14pt;border:.4mm solid #000;padding:.5mm 0;margin:.3mm 0 1mm}
.v-code.v-up{font-size:11pt}
.v-qr{width:28mm;margin:1mm auto}
.v-price{font-weight:700;font-size:12pt}
.v-foot,.v-num{font-size:7pt}`,
    },
    {
      key: '80mm',
      name: 'Thermal 80 mm',
      paper: '80mm',
      columns: 1,
      rows: 1,
      html: lines(
        '<div class="v">',
        head,
        '  <div class="v-main">',
        '    <div class="v-info">',
        codes(l, '      '),
        '      <div class="v-price">{{price}}</div>',
        `      <div class="v-meta">${META}</div>`,
        '    </div>',
        '    {{#if qr}}<div class="v-qr">{{qrcode}}</div>{{/if}}',
        '  </div>',
        foot,
        '</div>',
      ),
      css: `.v{font-size:9pt;padding:0 1mm}
.v-head{display:flex;align-items:center;gap:2mm;font-weight:700;font-size:11pt;border-bottom:.4mm solid #000;padding-bottom:1mm}
.v-logo{max-height:9mm;max-width:20mm;object-fit:contain;filter:grayscale(1)}
.v-name{flex:1}
.v-num{font-weight:400;font-size:8pt}
.v-main{display:flex;align-items:center;gap:3mm;padding:1.5mm 0}
.v-info{flex:1;text-align:center}
.v-label{font-size:7.5pt}
.v-code{${MONO};font-size:15pt;border:.4mm solid #000;padding:.5mm 0;margin:.3mm 0 1mm}
.v-code.v-up{font-size:12pt}
.v-price{font-weight:700;font-size:13pt}
.v-qr{width:30mm;flex:none}
.v-foot{font-size:8pt;text-align:center}`,
    },
  ];
}
