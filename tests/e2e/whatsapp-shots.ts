import path from 'node:path';
import type { Page } from 'playwright-core';
import { animationsDone } from './harness';

/** The DOM types this project lacks, for the functions run in the page. */
type Win = { scrollTo(x: number, y: number): void };

/** A full-page picture at the top (the fixed header stays put), toasts of earlier steps hidden just for it. */
async function picture(page: Page, file: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  const style = await page.addStyleTag({ content: '.mantine-Notifications-root { display: none !important; }' });
  await page.evaluate(() => (globalThis as unknown as Win).scrollTo(0, 0));
  await animationsDone(page);
  await page.screenshot({ path: file, fullPage: true });
  await style.evaluate((el) => (el as unknown as { remove(): void }).remove());
}

/**
 * A screen at desktop size as the test left it, and the same address on a phone-size page (390 px), into
 * `<dir>/desktop-<name>.png` and `<dir>/phone-<name>.png`: for a person to look at.
 */
export async function shotBoth(desktop: Page, phone: Page, dir: string, name: string, hash: string): Promise<void> {
  await picture(desktop, path.join(dir, `desktop-${name}.png`));
  await phone.goto(hash);
  // The screen's own content, not only the shell.
  await phone.locator('main [data-testid]').first().waitFor();
  await picture(phone, path.join(dir, `phone-${name}.png`));
}
