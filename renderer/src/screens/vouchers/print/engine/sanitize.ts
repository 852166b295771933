/**
 * Template HTML and CSS made safe for printing, without a DOM (the same code runs in the renderer, in tests
 * and in the bench). Allow-list: known layout and text tags with presentational attributes; scripts,
 * frames, forms, links, event handlers and remote resources are dropped; tags come out balanced so one
 * voucher cannot swallow the next. Images only from data: URLs or the {{logo}} / {{qrcodeurl}} placeholders.
 */

const ALLOWED = new Set(
  'div span p br hr b strong i em u s small big sub sup mark table thead tbody tfoot tr td th caption colgroup col img h1 h2 h3 h4 h5 h6 ul ol li center font label pre code section header footer article figure figcaption blockquote'.split(' '),
);
/** Dropped together with everything inside them. */
const DROP_WITH_CONTENT = new Set('script style iframe frame frameset object embed noscript template textarea select title head meta link base form button svg math audio video canvas applet noembed xmp'.split(' '));
const VOID = new Set(['br', 'hr', 'img', 'col']);
const ATTRIBUTES = new Set(['class', 'id', 'style', 'title', 'alt', 'width', 'height', 'colspan', 'rowspan', 'align', 'valign', 'border', 'cellpadding', 'cellspacing', 'bgcolor', 'color', 'size', 'face', 'dir', 'src']);
const SAFE_SRC = /^\s*(data:image\/(png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/=\s]+|\{\{\s*(logo|qrcodeurl)\s*\}\})\s*$/i;

const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>/y;
const ATTR = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

const escapeAttr = (s: string): string => s.replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** CSS without remote resources, old script hooks or a way out of its <style> element. */
export function sanitizeCss(css: string): string {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/@import[^;]*;?/gi, '')
    .replace(/url\(\s*(['"]?)(?!data:image\/)[^)]*\)/gi, 'none')
    .replace(/expression\s*\(/gi, '(')
    .replace(/javascript\s*:/gi, '')
    .replace(/(-moz-binding|behavior)\s*:/gi, 'x-removed:')
    .replace(/</g, '\\3c ');
}

function cleanAttributes(tag: string, raw: string): string {
  let out = '';
  const seen = new Set<string>();
  for (const m of raw.matchAll(ATTR)) {
    const name = m[1]!.toLowerCase();
    if (!ATTRIBUTES.has(name) || seen.has(name)) continue;
    let value = m[2] ?? m[3] ?? m[4] ?? '';
    if (name === 'src' && (tag !== 'img' || !SAFE_SRC.test(value))) continue;
    if (name === 'style') value = sanitizeCss(value).replace(/[{}]/g, '');
    seen.add(name);
    out += ` ${name}="${escapeAttr(value)}"`;
  }
  return out;
}

export interface Sanitized {
  html: string;
  /** The contents of <style> elements found in the HTML (Mikhmon templates carry their CSS inline). */
  css: string;
}

export function sanitizeHtml(input: string): Sanitized {
  let html = '';
  let css = '';
  const open: string[] = [];
  let i = 0;
  while (i < input.length) {
    const lt = input.indexOf('<', i);
    if (lt < 0) {
      html += input.slice(i);
      break;
    }
    html += input.slice(i, lt);
    i = lt;
    if (input.startsWith('<!--', i)) {
      const end = input.indexOf('-->', i + 4);
      i = end < 0 ? input.length : end + 3;
      continue;
    }
    if (input.startsWith('<!', i) || input.startsWith('<?', i)) {
      const end = input.indexOf('>', i);
      i = end < 0 ? input.length : end + 1;
      continue;
    }
    TAG.lastIndex = i;
    const m = TAG.exec(input);
    if (!m) {
      html += '&lt;';
      i += 1;
      continue;
    }
    i = TAG.lastIndex;
    const closing = m[1] === '/';
    const tag = m[2]!.toLowerCase();
    if (DROP_WITH_CONTENT.has(tag)) {
      if (closing) continue;
      const end = input.toLowerCase().indexOf(`</${tag}`, i);
      const inner = input.slice(i, end < 0 ? input.length : end);
      if (tag === 'style') css += `${inner}\n`;
      i = end < 0 ? input.length : input.indexOf('>', end) + 1 || input.length;
      continue;
    }
    if (!ALLOWED.has(tag)) continue;
    if (closing) {
      const at = open.lastIndexOf(tag);
      if (at < 0) continue;
      while (open.length > at) html += `</${open.pop()!}>`;
      continue;
    }
    html += `<${tag}${cleanAttributes(tag, m[3] ?? '')}>`;
    if (!VOID.has(tag)) open.push(tag);
  }
  while (open.length) html += `</${open.pop()!}>`;
  return { html, css: sanitizeCss(css) };
}
