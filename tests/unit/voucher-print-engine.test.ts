import { describe, expect, it } from 'vitest';
import { create } from 'qrcode';
import { builtinTemplates } from '../../renderer/src/screens/vouchers/print/engine/builtins';
import { ID_FORMATTERS, voucherVars } from '../../renderer/src/screens/vouchers/print/engine/fields';
import { qrLoginUrl, qrSvg } from '../../renderer/src/screens/vouchers/print/engine/qr';
import { renderCells } from '../../renderer/src/screens/vouchers/print/engine/render';
import { sampleData } from '../../renderer/src/screens/vouchers/print/engine/sample';
import { sanitizeCss, sanitizeHtml } from '../../renderer/src/screens/vouchers/print/engine/sanitize';
import { pageCount, paginate, perPage, sheetDocument, splitDocuments } from '../../renderer/src/screens/vouchers/print/engine/sheet';
import { compileTemplate, fillTemplate, normalizeTemplate } from '../../renderer/src/screens/vouchers/print/engine/template';

const fill = (html: string, vars: Record<string, string>) => fillTemplate(compileTemplate(html), vars);

describe('placeholders', () => {
  const vars = { username: 'AB12CD', password: 'pw9', price: 'Rp5.000', num: '7', usermode: 'vc', qr: 'yes', hotspotname: 'RT05 Net' };

  it('fills {{name}} (any case, spaces) and leaves unknown ones empty', () => {
    expect(fill('<b>{{username}}</b> {{ Price }} [{{nope}}]', vars)).toBe('<b>AB12CD</b> Rp5.000 []');
  });

  it("reads Mikhmon's <?= $x; ?>, string interpolation, bare $x and v4 %x%", () => {
    expect(normalizeTemplate('<?= $username; ?>|<?= $password ?>|<span id="num"><?= " [$num]"; ?></span>')).toBe('{{username}}|{{password}}|<span id="num"> [{{num}}]</span>');
    expect(fill('<td>Kode: $username</td> %price% %#% $unknown 100%', vars)).toBe('<td>Kode: AB12CD</td> Rp5.000 7 $unknown 100%');
    expect(fill(`<?= $hotspotname . ' - ' . $num; ?>`, vars)).toBe('RT05 Net - 7');
  });

  it("runs Mikhmon's PHP if / elseif / else on usermode and qr", () => {
    const tpl = `<?php if ($usermode == "vc") { ?>CODE <?= $username; ?><?php
} elseif ($usermode == "up") { ?><?php if ($qr == "yes") { ?>QR<?php } else { ?>NOQR<?php }
} ?>|<?php if ($qr == "yes") { ?><td><?= $qrcode ?></td><?php } ?>`;
    expect(fill(tpl, { ...vars, qrcode: '<svg></svg>' })).toBe('CODE AB12CD|<td><svg></svg></td>');
    expect(fill(tpl, { ...vars, usermode: 'up', qr: '' })).toBe('NOQR|');
    expect(fill(tpl, { ...vars, usermode: 'up' })).toBe('QR|<td></td>');
  });

  it('a whole Mikhmon-style template (style block, comments, PHP branches, QR as image) renders like Mikhmon', async () => {
    const mikhmon = `<style>.qrcode{height:80px;width:80px;}</style>
<table class="voucher" style=" width: 220px;"><tbody>
<!-- header -->
<tr><td style="font-weight:bold;"><img src="<?= $logo; ?>" alt="logo" style="height:30px;border:0;"> <?= $hotspotname; ?> <span id="num"><?= " [$num]"; ?></span></td></tr>
<?php if ($usermode == "vc") { ?>
<tr><td font-size: 12px;>Kode Voucher</td></tr><tr><td style="border: 1px solid black;"><?= $username; ?></td></tr>
<?php } elseif ($usermode == "up") { ?>
<tr><td><?= $username; ?></td><td><?= $password; ?></td></tr>
<?php } ?>
<?php if ($qr == "yes") { ?><tr><td><img class="qrcode" src="<?= $qrcode ?>"></td></tr><?php } ?>
<tr><td colspan="2"><?= $validity; ?> <?= $timelimit; ?> <?= $datalimit; ?> <?= $price; ?></td></tr>
<tr><td colspan="2">Login: http://<?= $dnsname; ?></td></tr>
</tbody></table>`;
    const data = sampleData({ name: 'RT05 Net', logo: 'data:image/png;base64,iVBORw0KGgo=', phone: '' });
    const items = data.vouchers.slice(0, 2).map((v) => ({ serial: v.serial, ...voucherVars(v, data, ID_FORMATTERS, true) }));
    const r = await renderCells({ name: 'Mikhmon', paper: 'a4', columns: 4, rows: 8, html: mikhmon, css: '' }, items);
    const [vc, up] = r.cells as [string, string];
    expect(r.css).toContain('.qrcode{height:80px;width:80px;}');
    expect(vc).toContain('<img src="data:image/png;base64,iVBORw0KGgo=" alt="logo" style="height:30px;border:0;"> RT05 Net <span id="num"> [101]</span>');
    expect(vc).toContain('<td>Kode Voucher</td>');
    expect(vc).toContain('>K7RT4X</td>');
    expect(vc).toMatch(/<img class="qrcode" src="data:image\/svg\+xml;charset=utf-8,%3Csvg[^"]+">/);
    expect(vc).toContain('1 hari   Rp5.000');
    expect(vc).toContain('Login: http://hotspot.net');
    expect(vc).not.toMatch(/<\?|<!--|<style|\$\w/);
    expect(up).toContain('<tr><td>tamu12</td><td>8394</td></tr>');
    expect(up).not.toContain('Kode Voucher');
  });

  it('{{#if}} with ==, !=, !, && and ||, nested, and else if', () => {
    const tpl = '{{#if usermode == "up"}}UP{{else if qr && !price}}A{{else if qr || x}}B{{else}}C{{/if}}{{#if usermode != "vc"}}!{{/if}}';
    expect(fill(tpl, vars)).toBe('B');
    expect(fill(tpl, { ...vars, usermode: 'up' })).toBe('UP!');
    expect(fill(tpl, { ...vars, qr: '' })).toBe('C');
  });

  it('escapes every value, in text and in attributes; only our QR SVG goes in raw', () => {
    const evil = { username: '<img src=x onerror=alert(1)>', comment: '" onmouseover="x', qrcode: '<svg class="qr"></svg>' };
    const out = fill('<div title="{{comment}}">{{username}}</div>{{qrcode}}', evil);
    expect(out).toBe('<div title="&quot; onmouseover=&quot;x">&lt;img src=x onerror=alert(1)&gt;</div><svg class="qr"></svg>');
  });
});

describe('sanitizing user HTML and CSS', () => {
  it('drops scripts, handlers, frames, links and remote images; keeps layout; balances tags', () => {
    const { html, css } = sanitizeHtml(
      '<style>.a{color:red}</style><script>alert(1)</script><div class="a" onclick="x()"><a href="javascript:x">k</a><img src="http://evil/x.png"><img src="{{logo}}"><iframe src="x"></iframe><table><tr><td font-size: 12px;>t</td></tr></table><b>open',
    );
    expect(html).toBe('<div class="a">k<img><img src="{{logo}}"><table><tr><td>t</td></tr></table><b>open</b></div>');
    expect(css).toContain('.a{color:red}');
    expect(sanitizeHtml('a < b <!-- c --> <?php x ?> d').html).toBe('a &lt; b   d');
  });

  it('CSS cannot load anything or close its <style>', () => {
    const css = sanitizeCss('@import url(http://x/y.css); .a{background:url("http://x/t.png")} .b{background:url(data:image/png;base64,AA==)} </style><script>');
    expect(css).not.toMatch(/@import|http:|<\/style/);
    expect(css).toContain('url(data:image/png;base64,AA==)');
  });
});

describe('QR code', () => {
  it("carries the login URL with the credentials, Mikhmon style", () => {
    expect(qrLoginUrl('http://hotspot.rt05.net/login', 'AB 1', 'p&w')).toBe('http://hotspot.rt05.net/login?username=AB%201&password=p%26w');
    expect(qrLoginUrl('http://h/login?dst=x', 'a', 'b')).toBe('http://h/login?dst=x&username=a&password=b');
  });

  it('draws exactly the dark modules of the code', () => {
    const text = 'http://hotspot.rt05.net/login?username=K7RT4X&password=K7RT4X';
    const svg = qrSvg(text);
    const { size, data } = create(text, { errorCorrectionLevel: 'L' }).modules;
    const dark = new Set<string>();
    for (const m of svg.matchAll(/M(\d+) (\d+)\.5h(\d+)/g)) for (let i = 0; i < Number(m[3]); i++) dark.add(`${Number(m[1]) + i},${m[2]}`);
    let expected = 0;
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++)
        if (data[y * size + x]) {
          expected++;
          expect(dark.has(`${x},${y}`)).toBe(true);
        }
    expect(dark.size).toBe(expected);
    expect(svg).toContain(`viewBox="-1 -1 ${size + 2} ${size + 2}"`);
  });

  it('a voucher gets the QR only when a login URL is known and QR is on', () => {
    const data = sampleData({ name: 'RT05', logo: null, phone: '' });
    const v = data.vouchers[0]!;
    expect(voucherVars(v, data, ID_FORMATTERS, true).qrText).toBe('http://hotspot.net/login?username=K7RT4X&password=K7RT4X');
    expect(voucherVars(v, data, ID_FORMATTERS, false).qrText).toBeNull();
    const none = { ...data, routers: [{ id: 1, name: 'R', dnsName: '', loginUrl: '' }] };
    expect(voucherVars(v, none, ID_FORMATTERS, true)).toMatchObject({ qrText: null, vars: { qr: '' } });
    expect(voucherVars(data.vouchers[1]!, data, ID_FORMATTERS, true).vars).toMatchObject({ price: 'Rp3.000', validity: '1 hari', timelimit: '3 jam', usermode: 'up' });
    expect(voucherVars(data.vouchers[2]!, data, ID_FORMATTERS, true).vars.datalimit).toBe('2 GB');
  });
});

describe('sheets and pages', () => {
  const a4 = { paper: 'a4' as const, columns: 4, rows: 8 };

  it('A4: columns × rows per page, always at least one page; a roll is continuous', () => {
    expect(perPage(a4)).toBe(32);
    expect([0, 1, 32, 33, 50, 64, 65, 1000].map((n) => pageCount(n, a4))).toEqual([1, 1, 1, 2, 2, 2, 3, 32]);
    expect(paginate(Array.from({ length: 70 }, (_, i) => i), a4).map((p) => p.length)).toEqual([32, 32, 6]);
    expect(pageCount(1000, { paper: '58mm', columns: 1, rows: 1 })).toBe(1);
  });

  it('renders every voucher of the built-ins with its QR code, one <section> per page', async () => {
    const data = sampleData({ name: 'RT05 <Net>', logo: null, phone: '' });
    const many = Array.from({ length: 50 }, (_, i) => ({ ...data.vouchers[i % 3]!, serial: i + 1, username: `U${i}` }));
    const items = many.map((v) => ({ serial: v.serial, ...voucherVars(v, data, ID_FORMATTERS, true) }));
    const progress: number[] = [];
    for (const t of builtinTemplates()) {
      const r = await renderCells(t, items, { chunk: 20, onProgress: (d) => progress.push(d) });
      const doc = sheetDocument(r.cells, r.layout, r.css, 'Voucher');
      expect(doc.match(/class="mbv-cell"/g)).toHaveLength(50);
      expect(doc.match(/<section class="mbv-page">/g)).toHaveLength(pageCount(50, r.layout));
      expect(doc).toContain('RT05 &lt;Net&gt;');
      expect(doc.match(/<svg class="qr"/g)?.length ?? 0).toBe(t.key === 'small' ? 0 : 50);
    }
    expect(progress.slice(0, 4)).toEqual([0, 20, 40, 50]);
  });

  it('a renderer cancelled mid-way stops', async () => {
    const ctl = new AbortController();
    const data = sampleData({ name: 'X', logo: null, phone: '' });
    const items = Array.from({ length: 300 }, (_, i) => ({ serial: i, ...voucherVars(data.vouchers[0]!, data, ID_FORMATTERS, true) }));
    await expect(renderCells(builtinTemplates()[0]!, items, { onProgress: (d) => d >= 100 && ctl.abort(), signal: ctl.signal })).rejects.toThrow(/cancelled/);
  });

  it('splits a large sheet into documents under the size limit, cutting between pages', () => {
    const cells = Array.from({ length: 100 }, (_, i) => `<div class="mbv-cell">${'x'.repeat(1000)}${i}</div>`);
    const docs = splitDocuments(cells, a4, '', 'V', 40_000);
    expect(docs.length).toBeGreaterThan(1);
    expect(docs.every((d) => d.length <= 40_000)).toBe(true);
    // Pages of 32 (~33 KB each): one page per document, the short last page joins the third.
    expect(docs.map((d) => d.match(/class="mbv-cell"/g)!.length)).toEqual([32, 32, 36]);
    expect(docs.map((d) => d.match(/<section class="mbv-page">/g)!.length)).toEqual([1, 1, 2]);
    expect(splitDocuments(cells, a4, '', 'V', 5_000_000)).toHaveLength(1);
  });
});
