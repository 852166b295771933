/**
 * Guard: tests synchronise by polling (tests/support/poll.ts waitFor / deferred, tests/e2e/harness.ts
 * animationsDone), never by sleeping for a time they hope is enough. This scans every test source for timer
 * and sleep patterns; each hit must be on the allow-list below, which says why that timer is legitimate.
 * A new sleep fails the suite; so does an allow-list entry that no longer matches anything (keep it honest).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const TESTS = path.join(ROOT, 'tests');

/** Folders and files not scanned, relative to the repository root. */
const SKIPPED = [
  // Peers simulate routers and other parties: their delays (latency, fault injection, silence) ARE the behaviour.
  'tests/peers/',
  // The polling helpers themselves: the one place a real pause lives (waitFor's interval, elapse()).
  'tests/support/poll.ts',
  // This file spells the patterns out.
  'tests/unit/no-sleeps.test.ts',
];

/** What counts as a sleep: any timer, Playwright's fixed wait, a sleep/delay helper. */
const PATTERNS: { name: string; re: RegExp }[] = [
  { name: 'setTimeout (a timer or `new Promise((r) => setTimeout(r, ms))`)', re: /\bsetTimeout\s*\(/ },
  { name: 'setInterval', re: /\bsetInterval\s*\(/ },
  { name: 'timers/promises', re: /timers\/promises/ },
  { name: 'waitForTimeout (Playwright fixed wait)', re: /\bwaitForTimeout\s*\(/ },
  { name: 'a sleep/delay/pause helper', re: /\b(sleep|delay|pause|wait)\s*\(/ },
];

/**
 * The legitimate timers: file, a piece of the line that identifies it, and why it is not a sleep.
 * Every entry must match exactly one line.
 */
const ALLOWED: { file: string; line: string; reason: string }[] = [
  {
    file: 'tests/unit/fuzz.test.ts',
    line: 'did not answer within ${CALL_TIMEOUT_MS} ms',
    reason: 'a deadline that fails a hung call; it never delays a passing test',
  },
  {
    file: 'tests/unit/routeros-client-wire.test.ts',
    line: "setTimeout(() => reply(['!done']), 20)",
    reason: "a scripted peer's behaviour: it answers late",
  },
  {
    file: 'tests/unit/routeros-client-wire.test.ts',
    line: 'setTimeout(() => socket.resetAndDestroy(), 10)',
    reason: "a scripted peer's behaviour: it resets the connection mid-command",
  },
  {
    file: 'tests/unit/routeros-sim-node-routeros.test.ts',
    line: "setTimeout(() => { console.log('hung'); process.exit(3); }, 4000)",
    reason: 'a watchdog in the child script: a hung library ends the child instead of the suite timing out',
  },
  {
    file: 'tests/unit/poll.test.ts',
    line: "setTimeout(() => d.resolve('ready'), 10)",
    reason: 'the test of waitFor/deferred itself: something settles later on its own',
  },
  {
    file: 'tests/e2e/harness.ts',
    line: "setTimeout(() => child.kill('SIGKILL'), 5_000)",
    reason: 'a kill deadline for a server that ignores SIGTERM; cleared as soon as it exits',
  },
];

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const rel = path.relative(ROOT, full).split(path.sep).join('/');
    if (SKIPPED.some((s) => (s.endsWith('/') ? `${rel}/`.startsWith(s) : rel === s))) continue;
    if (entry.isDirectory()) out.push(...sources(full));
    else if (/\.(ts|mts|cts|tsx)$/.test(entry.name)) out.push(full);
  }
  return out;
}

interface Hit {
  file: string;
  lineNo: number;
  text: string;
  pattern: string;
}

function scan(): Hit[] {
  const hits: Hit[] = [];
  for (const full of sources(TESTS)) {
    const file = path.relative(ROOT, full).split(path.sep).join('/');
    fs.readFileSync(full, 'utf8')
      .split('\n')
      .forEach((text, i) => {
        const p = PATTERNS.find((pat) => pat.re.test(text));
        if (p) hits.push({ file, lineNo: i + 1, text: text.trim(), pattern: p.name });
      });
  }
  return hits;
}

describe('tests wait by polling, not by sleeping', () => {
  const hits = scan();

  it('finds the test sources (the scan is not vacuous)', () => {
    expect(sources(TESTS).length).toBeGreaterThan(20);
    expect(sources(TESTS).some((f) => f.endsWith('routeros-client.test.ts'))).toBe(true);
  });

  it('has no timer or sleep outside the allow-list', () => {
    const unexplained = hits
      .filter((h) => !ALLOWED.some((a) => a.file === h.file && h.text.includes(a.line)))
      .map((h) => `${h.file}:${h.lineNo}: ${h.pattern}: ${h.text}  — wait with waitFor/deferred (tests/support/poll.ts) or animationsDone (tests/e2e/harness.ts); elapse() only when elapsed time is the subject`);
    expect(unexplained).toEqual([]);
  });

  it('every allow-list entry still matches exactly one line', () => {
    const counts = ALLOWED.map((a) => `${a.file}: ${hits.filter((h) => h.file === a.file && h.text.includes(a.line)).length}`);
    expect(counts).toEqual(ALLOWED.map((a) => `${a.file}: 1`));
  });

  it('the patterns catch the usual sleeps', () => {
    const caught = (line: string) => PATTERNS.some((p) => p.re.test(line));
    expect(caught('await new Promise((r) => setTimeout(r, 50));')).toBe(true);
    expect(caught('await page.waitForTimeout(300);')).toBe(true);
    expect(caught('await sleep(20);')).toBe(true);
    expect(caught("await delay(100);")).toBe(true);
    expect(caught("import { setTimeout as wait } from 'node:timers/promises';")).toBe(true);
    expect(caught('await waitFor(() => done, { message: "x" });')).toBe(false);
    expect(caught('await elapse(400);')).toBe(false);
  });
});
