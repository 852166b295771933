/** Parsing a client sentence into a command, and the trap type commands throw. */
import type { Sentence } from './codec';

export interface Command {
  /** The command word, e.g. `/ppp/secret/print`. */
  path: string;
  /** `=name=value` attributes (and `=.proplist=` / `.proplist=`), last one wins. */
  attrs: Map<string, string>;
  /** `?…` words in order. */
  queries: string[];
  /** `.tag=X`; null when absent or empty. */
  tag: string | null;
  /** Words that are neither attribute, API attribute nor query. */
  stray: string[];
}

export function parseCommand(words: Sentence): Command {
  const [path = '', ...rest] = words;
  const cmd: Command = { path, attrs: new Map(), queries: [], tag: null, stray: [] };
  for (const w of rest) {
    if (w.startsWith('=')) {
      const eq = w.indexOf('=', 1);
      if (eq < 0) cmd.attrs.set(w.slice(1), '');
      else cmd.attrs.set(w.slice(1, eq), w.slice(eq + 1));
    } else if (w.startsWith('.tag=')) {
      cmd.tag = w.slice(5) || null;
    } else if (w.startsWith('.proplist=')) {
      cmd.attrs.set('.proplist', w.slice(10));
    } else if (w.startsWith('?')) {
      cmd.queries.push(w);
    } else {
      cmd.stray.push(w);
    }
  }
  return cmd;
}

/** A `!trap` reply; a `!done` always follows it. */
export class Trap extends Error {
  constructor(message: string, readonly category?: number) {
    super(message);
  }
  sentences(): Sentence[] {
    const trap = ['!trap'];
    if (this.category !== undefined) trap.push(`=category=${this.category}`);
    trap.push(`=message=${this.message}`);
    return [trap, ['!done']];
  }
}

export const TRAP = {
  noSuchItem: () => new Trap('no such item', 0),
  noSuchCommandPrefix: () => new Trap('no such command prefix'),
  noSuchCommand: () => new Trap('no such command'),
  unknownParameter: (name: string) => new Trap(`unknown parameter ${name}`, 1),
  noMatch: (field: string) => new Trap(`input does not match any value of ${field}`, 1),
  missing: (field: string) => new Trap(`missing value(s) of argument(s) ${field}`, 1),
  interrupted: () => new Trap('interrupted', 2),
  notLoggedIn: () => new Trap('not logged in', 5),
  badLogin: () => new Trap('invalid user name or password (6)'),
  permissions: () => new Trap('not enough permissions (9)'),
};
