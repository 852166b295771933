/**
 * Voucher templates: `{{username}}` placeholders and `{{#if usermode == "vc"}} … {{else}} … {{/if}}` blocks.
 * Mikhmon's syntax is accepted too — `<?= $username; ?>`, `<?= " [$num]"; ?>`, `<?php if ($qr == "yes") { ?>
 * … <?php } else { ?> … <?php } ?>`, a bare `$username`, and v4's `%username%` — and turned into ours.
 */
import { sanitizeHtml } from './sanitize';

/** Mikhmon's field set (what users know), in the order the editor offers them. */
export const PLACEHOLDERS = ['username', 'password', 'profile', 'validity', 'timelimit', 'datalimit', 'price', 'hotspotname', 'dnsname', 'loginurl', 'qrcode', 'num', 'logo', 'comment'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
/** Also usable in conditions: usermode ('vc' | 'up'), qr ('yes' | ''), phone (the office's). */
export const CONDITION_VARS = ['usermode', 'qr', 'phone'] as const;

/** Values of one voucher. `qrcode` is SVG markup we made (inserted as is); `qrcodeurl` the same as a data: URL. */
export type Vars = Record<string, string | undefined>;

const KNOWN = new Set<string>([...PLACEHOLDERS, ...CONDITION_VARS]);
const V4: Record<string, string> = { limitbytestotal: 'datalimit', limituptime: 'timelimit', dnsname: 'dnsname', hotspotname: 'hotspotname', qrcode: 'qrcode', '#': 'num' };

const phpCond = (c: string): string => c.replace(/\$(\w+)/g, '$1').replace(/===/g, '==').replace(/!==/g, '!=').replace(/'([^']*)'/g, '"$1"').trim();

/** `$x`, `"text $x"`, `'text'` and their concatenation with `.`; anything else prints nothing. */
function phpEcho(expr: string): string {
  const src = expr.trim().replace(/;\s*$/, '');
  const token = /\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\$\w+|\.)\s*/y;
  let out = '';
  let at = 0;
  while (at < src.length) {
    token.lastIndex = at;
    const m = token.exec(src);
    if (!m) return '';
    at = token.lastIndex;
    const t = m[1]!;
    if (t === '.') continue;
    if (t.startsWith('$')) out += `{{${t.slice(1)}}}`;
    else if (t.startsWith('"')) out += t.slice(1, -1).replace(/\{?\$(\w+)\}?/g, '{{$1}}').replace(/\\(.)/g, '$1');
    else out += t.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return out;
}

const END = '\u0000end\u0000';
/** The control flow of one `<?php … ?>` block as our block tags (other PHP is dropped). */
function phpBlock(code: string): string {
  let out = '';
  const re = /\}|\belse\s*if\s*\(([^{}]*)\)\s*\{|\belseif\s*\(([^{}]*)\)\s*\{|\belse\s*\{|\bif\s*\(([^{}]*)\)\s*\{/g;
  for (const m of code.matchAll(re)) {
    const t = m[0];
    if (t === '}') out += END;
    else if (m[1] !== undefined || m[2] !== undefined) out += `{{else if ${phpCond(m[1] ?? m[2] ?? '')}}}`;
    else if (t.startsWith('else')) out += '{{else}}';
    else out += `{{#if ${phpCond(m[3] ?? '')}}}`;
  }
  return out;
}

/** Mikhmon syntax → ours; our own templates pass through unchanged. */
export function normalizeTemplate(html: string): string {
  let s = html
    .replace(/<\?=([\s\S]*?)\?>/g, (_, e: string) => phpEcho(e))
    .replace(/<\?php([\s\S]*?)\?>/g, (_, c: string) => phpBlock(c))
    .replace(new RegExp(`${END}(\\s*)(\\{\\{else)`, 'g'), '$1$2')
    .replaceAll(END, '{{/if}}')
    .replace(/\$([a-z]+)\b/g, (m, n: string) => (KNOWN.has(n) ? `{{${n}}}` : m))
    .replace(/%(\w+|#)%/g, (m, n: string) => {
      const k = n.toLowerCase();
      const name = V4[k] ?? (KNOWN.has(k) ? k : null);
      return name ? `{{${name}}}` : m;
    });
  // An image whose source is the QR code gets it as a data: URL (Mikhmon's variable list shows it so).
  s = s.replace(/src\s*=\s*(["']?)\s*\{\{\s*qrcode\s*\}\}\s*\1/gi, 'src="{{qrcodeurl}}"');
  return s;
}

type Atom = { not: boolean; name: string; op: '==' | '!=' | null; value: string };
type Cond = Atom[][];
type Node = string | { v: string } | { branches: { cond: Cond; body: Node[] }[]; otherwise: Node[] };

function parseCond(src: string): Cond {
  const text = src.replace(/&quot;/g, '"').replace(/&#39;/g, "'");
  return text.split('||').map((part) =>
    part.split('&&').map((a): Atom => {
      const m = /^\s*(!?)\s*([A-Za-z_]\w*)\s*(?:(==|!=)\s*(?:"([^"]*)"|'([^']*)'|([\w.-]+)))?\s*$/.exec(a);
      if (!m) return { not: false, name: '', op: '==', value: '\u0000never' };
      return { not: m[1] === '!', name: m[2]!.toLowerCase(), op: (m[3] as '==' | '!=' | undefined) ?? null, value: m[4] ?? m[5] ?? m[6] ?? '' };
    }),
  );
}

const test = (c: Cond, vars: Vars): boolean =>
  c.some((all) =>
    all.every((a) => {
      const v = vars[a.name] ?? '';
      const r = a.op === '==' ? v === a.value : a.op === '!=' ? v !== a.value : v !== '' && v !== '0';
      return a.not ? !r : r;
    }),
  );

export interface CompiledTemplate {
  nodes: Node[];
  /** CSS found in <style> elements of the HTML. */
  css: string;
}

/** Normalize, sanitize and parse once; fill per voucher. Unbalanced blocks are closed at the end. */
export function compileTemplate(html: string): CompiledTemplate {
  // Indentation is for people: a line break and the spaces after it print as the one space they render as.
  const clean = sanitizeHtml(normalizeTemplate(html).replace(/\n[ \t]+/g, '\n'));
  const root: Node[] = [];
  const stack: { branches: { cond: Cond; body: Node[] }[]; otherwise: Node[]; inElse: boolean }[] = [];
  const target = (): Node[] => {
    const top = stack[stack.length - 1];
    if (!top) return root;
    return top.inElse ? top.otherwise : top.branches[top.branches.length - 1]!.body;
  };
  const re = /\{\{\s*(#if\s+[^}]*?|else\s+if\s+[^}]*?|else|\/if|[A-Za-z_#][\w]*)\s*\}\}/g;
  let at = 0;
  for (const m of clean.html.matchAll(re)) {
    if (m.index > at) target().push(clean.html.slice(at, m.index));
    at = m.index + m[0].length;
    const t = m[1]!;
    const top = stack[stack.length - 1];
    if (t.startsWith('#if')) {
      const block = { branches: [{ cond: parseCond(t.slice(3)), body: [] }], otherwise: [], inElse: false };
      target().push(block);
      stack.push(block);
    } else if (/^else\s+if/.test(t)) {
      if (top && !top.inElse) top.branches.push({ cond: parseCond(t.replace(/^else\s+if/, '')), body: [] });
    } else if (t === 'else') {
      if (top) top.inElse = true;
    } else if (t === '/if') {
      stack.pop();
    } else target().push({ v: t.toLowerCase() });
  }
  if (at < clean.html.length) target().push(clean.html.slice(at));
  return { nodes: root, css: clean.css };
}

export const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

function fillNodes(nodes: Node[], vars: Vars, out: string[]): void {
  for (const n of nodes) {
    if (typeof n === 'string') out.push(n);
    else if ('v' in n) out.push(n.v === 'qrcode' ? (vars.qrcode ?? '') : escapeHtml(vars[n.v] ?? ''));
    else {
      const hit = n.branches.find((b) => test(b.cond, vars));
      fillNodes(hit ? hit.body : n.otherwise, vars, out);
    }
  }
}

export function fillTemplate(t: CompiledTemplate, vars: Vars): string {
  const out: string[] = [];
  fillNodes(t.nodes, vars, out);
  return out.join('');
}
