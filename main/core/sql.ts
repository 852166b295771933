/**
 * LIKE patterns built from what a user typed. `%` and `_` in the input are literal characters, never
 * wildcards: every LIKE that takes one of these patterns must say `ESCAPE '\'` (use {@link LIKE_ESCAPE}),
 * e.g. `c.search LIKE ? ESCAPE '\'`.
 */
export const LIKE_ESCAPE = "ESCAPE '\\'";

/** `s` with the LIKE metacharacters (`\`, `%`, `_`) escaped by a backslash. */
export const likeEscape = (s: string): string => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** Matches values containing `q` (pair with ESCAPE '\'). */
export const likeContains = (q: string): string => `%${likeEscape(q)}%`;

/** Matches values starting with `q` (pair with ESCAPE '\'). */
export const likePrefix = (q: string): string => `${likeEscape(q)}%`;
