/**
 * `print` queries (reference §6): every query word pushes onto a boolean stack that starts "infinitely true"
 * (popping an empty stack, or reading past its bottom, yields true). An item is returned unless a `false` is
 * left on the stack.
 *
 * Comparisons `<`/`>`: numeric when both sides are plain decimal numbers, otherwise string order
 * (RouterOS compares typed values; strings and counters are what billing uses). A missing property makes
 * `=`, `<` and `>` false.
 */
import type { Row } from './values';

export class QueryError extends Error {}

type Op = (row: Row, stack: boolean[]) => void;

const NUM = /^-?\d+$/;

function compare(a: string, b: string): number {
  if (NUM.test(a) && NUM.test(b)) return Math.sign(Number(a) - Number(b));
  return a < b ? -1 : a > b ? 1 : 0;
}

function pop(stack: boolean[]): boolean {
  return stack.length > 0 ? stack.pop()! : true;
}

function at(stack: boolean[], index: number): boolean {
  const i = stack.length - 1 - index;
  return i >= 0 ? stack[i]! : true;
}

/** Parse the operator string of a `?#` word into stack operations. */
function stackOps(ops: string): Op[] {
  const out: Op[] = [];
  let i = 0;
  let afterIndex = false;
  while (i < ops.length) {
    const c = ops[i]!;
    if (c >= '0' && c <= '9') {
      let j = i;
      while (j < ops.length && ops[j]! >= '0' && ops[j]! <= '9') j++;
      const index = Number(ops.slice(i, j));
      if (j === ops.length) {
        out.push((_r, s) => { const v = at(s, index); s.length = 0; s.push(v); });
      } else {
        out.push((_r, s) => { s.push(at(s, index)); });
      }
      i = j;
      afterIndex = true;
      continue;
    }
    if (c === '!') out.push((_r, s) => { s.push(!pop(s)); });
    else if (c === '&') out.push((_r, s) => { const a = pop(s); const b = pop(s); s.push(a && b); });
    else if (c === '|') out.push((_r, s) => { const a = pop(s); const b = pop(s); s.push(a || b); });
    else if (c === '.') { if (!afterIndex) out.push((_r, s) => { s.push(at(s, 0)); }); }
    else throw new QueryError(`unknown query operator ${c}`);
    afterIndex = false;
    i++;
  }
  return out;
}

function parseWord(word: string): Op {
  if (!word.startsWith('?')) throw new QueryError(`not a query word: ${word}`);
  const body = word.slice(1);
  if (body.startsWith('#')) {
    const ops = stackOps(body.slice(1));
    return (row, stack) => { for (const op of ops) op(row, stack); };
  }
  if (body.startsWith('-')) {
    const name = body.slice(1);
    return (row, s) => { s.push(!(name in row)); };
  }
  let kind: '=' | '<' | '>' = '=';
  let rest = body;
  if (rest[0] === '<' || rest[0] === '>' || rest[0] === '=') {
    kind = rest[0];
    rest = rest.slice(1);
  }
  const eq = rest.indexOf('=');
  if (eq < 0) {
    if (kind !== '=' || body.startsWith('=')) throw new QueryError(`query needs a value: ${word}`);
    return (row, s) => { s.push(rest in row); };
  }
  const name = rest.slice(0, eq);
  const value = rest.slice(eq + 1);
  if (name === '') throw new QueryError(`query without a property name: ${word}`);
  return (row, s) => {
    const v = row[name];
    if (v === undefined) { s.push(false); return; }
    const c = compare(v, value);
    s.push(kind === '=' ? c === 0 : kind === '<' ? c < 0 : c > 0);
  };
}

/** Compile query words (in order) into a row predicate. Throws QueryError on malformed words. */
export function compileQuery(words: readonly string[]): (row: Row) => boolean {
  if (words.length === 0) return () => true;
  const ops = words.map(parseWord);
  return (row) => {
    const stack: boolean[] = [];
    for (const op of ops) op(row, stack);
    return !stack.includes(false);
  };
}
