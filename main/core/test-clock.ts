import fs from 'node:fs';

/**
 * For end-to-end tests only: with MB_TEST_CLOCK_FILE set, the server's clock runs `offsetMs` (JSON in that
 * file) ahead of the machine's, and follows the file when a test moves it — so a test can see a month pass.
 * Without the variable the clock is the machine's.
 */
export function testClock(file: string | undefined): (() => Date) | undefined {
  if (!file) return undefined;
  let offset = 0;
  const read = () => {
    try {
      const v = (JSON.parse(fs.readFileSync(file, 'utf8')) as { offsetMs?: unknown }).offsetMs;
      offset = typeof v === 'number' && Number.isFinite(v) ? v : 0;
    } catch {
      offset = 0;
    }
  };
  read();
  fs.watchFile(file, { interval: 50 }, read);
  return () => new Date(Date.now() + offset);
}
