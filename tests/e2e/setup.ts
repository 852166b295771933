import { afterEach } from 'vitest';
import { openPages } from './harness';

// When a test fails, print what each open page showed: CI keeps only the output.
afterEach(async (ctx) => {
  if (ctx.task.result?.state !== 'fail') return;
  for (const page of openPages) {
    const text = await page
      .evaluate('document.body.innerText')
      .then(String)
      .catch((err: unknown) => `(could not read: ${String(err)})`);
    console.error(`[page at failure] ${page.url()}\n${text.replace(/\n{2,}/g, '\n').slice(0, 2000)}`);
  }
});
