import path from 'node:path';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { animationsDone } from './harness';

/** How far the page scrolls sideways (0 = it fits the screen). */
export async function sidewaysScroll(page: Page): Promise<number> {
  return page.evaluate(() => {
    const d = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
    return d.scrollWidth - d.clientWidth;
  });
}

/**
 * A picture for a person to look at (full page, or the screen only for a modal), toasts hidden just for it; and
 * a check that nothing scrolls sideways.
 */
export async function picture(page: Page, dir: string, name: string, full = true): Promise<void> {
  const style = await page.addStyleTag({ content: '.mantine-Notifications-root { display: none !important; }' });
  await animationsDone(page);
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: full });
  await style.evaluate((el) => (el as unknown as { remove(): void }).remove());
  expect(await sidewaysScroll(page), `${name}: page wider than the screen`).toBeLessThanOrEqual(0);
}
