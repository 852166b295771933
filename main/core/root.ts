import fs from 'node:fs';
import path from 'node:path';

/** The app's root (the folder with package.json), whether running from sources (tsx) or from dist/. */
export function appRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`package.json not found above ${from}`);
    dir = up;
  }
}

export function readPackage(root: string): { version: string; productName: string } {
  return JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string; productName: string };
}
