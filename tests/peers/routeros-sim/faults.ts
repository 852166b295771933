/**
 * Fault injection for tests: latency per reply sentence, a router vanishing after N more sentences,
 * refused connections, trapped or silenced commands, `!fatal`, raw words and bytes.
 */
import type { Sentence } from './codec';
import { Trap, type Command } from './command';

export type SentenceVerdict = 'pass' | 'apply-then-drop' | 'drop';

/** What the faults need from the server (implemented by server.ts). */
export interface FaultHost {
  setRefusing(mode: 'no' | 'refuse' | 'reset'): Promise<void>;
  fatalAll(message: string, asAttribute: boolean): Promise<void>;
  disconnectAll(): void;
  broadcast(bytes: Buffer | Sentence): void;
}

export interface TrapOptions {
  /** Trap only this many times, then let the command through (default: until clearTraps). */
  times?: number;
  /** Trap only commands whose attributes match, e.g. `(a) => a.name === 'u7'`. */
  when?: (attrs: Record<string, string>) => boolean;
}

interface TrapRule extends TrapOptions { path: string; message: string; category: number | undefined }

/** `/ip/hotspot/user` matches every command under it; `/ip/hotspot/user/add` matches that command only. */
export function pathMatches(pattern: string, path: string): boolean {
  return path === pattern || path.startsWith(pattern.endsWith('/') ? pattern : `${pattern}/`);
}

export class Faults {
  /** Delay before each reply sentence (ms); read at send time, so it can change while commands run. */
  latencyMs = 0;
  /**
   * Delay between consecutive sentences of one reply after the first; null (default) = latencyMs, i.e. every
   * reply sentence is delayed (a print of N rows takes (N+1)·latency). 0 streams the rest at once.
   */
  streamGapMs: number | null = null;
  private dropIn: number | null = null;
  private dropApply = true;
  private traps: TrapRule[] = [];
  private readonly silenced = new Set<string>();
  private refusing: 'no' | 'refuse' | 'reset' = 'no';

  constructor(private readonly host: FaultHost) {}

  /**
   * The router vanishes after `n` more sentences from clients (any connection; every non-empty sentence counts,
   * `/login` included): the n-th is executed (its effect on state is applied) but no reply is sent to anyone,
   * and every connection is destroyed; pending replies are lost. `{ applyLast: false }`: the n-th is not
   * executed. One-shot; new connections are accepted again afterwards. `n <= 0` disconnects everyone now.
   */
  dropAfterSentences(n: number, opts: { applyLast?: boolean } = {}): void {
    this.dropApply = opts.applyLast ?? true;
    if (n <= 0) {
      this.dropIn = null;
      this.host.disconnectAll();
    } else {
      this.dropIn = n;
    }
  }

  /** Drop every connection right now (like a reboot), without `!fatal`. */
  disconnectAll(): void {
    this.host.disconnectAll();
  }

  /**
   * `refuse` (default): stop listening, so connects fail with ECONNREFUSED; open connections stay.
   * `reset`: accept and immediately reset each new connection. `false` listens again on the same port.
   */
  refuseConnections(on: boolean, mode: 'refuse' | 'reset' = 'refuse'): Promise<void> {
    this.refusing = on ? mode : 'no';
    return this.host.setRefusing(this.refusing);
  }

  get refusingConnections(): 'no' | 'refuse' | 'reset' {
    return this.refusing;
  }

  /** Answer matching commands with `!trap =category= =message=` + `!done`, without executing them. */
  trapCommand(path: string, message: string, category?: number, opts: TrapOptions = {}): void {
    this.traps.push({ path, message, category, ...opts });
  }

  clearTraps(): void {
    this.traps = [];
  }

  /** Send `!fatal <message>` (a bare word; `asAttribute`: `=message=…`) on every connection and close them. */
  fatal(message: string, opts: { asAttribute?: boolean } = {}): Promise<void> {
    return this.host.fatalAll(message, opts.asAttribute ?? false);
  }

  /** Never answer matching commands (they stay in flight until `/cancel` or the connection closes). */
  silence(path: string): void {
    this.silenced.add(path);
  }

  /** Undo silence(path), or every silence when no path is given. Already-silenced commands stay silent. */
  unsilence(path?: string): void {
    if (path === undefined) this.silenced.clear();
    else this.silenced.delete(path);
  }

  /** Send a raw sentence (e.g. an unknown reply word `['!weird', '.tag=3']`) to every connection. */
  injectSentence(words: Sentence): void {
    this.host.broadcast(words);
  }

  /** Send raw bytes (e.g. a control byte `Buffer.from([0xf8])`) to every connection. */
  injectBytes(bytes: Buffer): void {
    this.host.broadcast(bytes);
  }

  /** Clear every fault (listens again if refusing). */
  async reset(): Promise<void> {
    this.latencyMs = 0;
    this.streamGapMs = null;
    this.dropIn = null;
    this.traps = [];
    this.silenced.clear();
    if (this.refusing !== 'no') await this.refuseConnections(false);
  }

  // ---- used by the session ---------------------------------------------------------------------------------
  onSentence(): SentenceVerdict {
    if (this.dropIn === null) return 'pass';
    this.dropIn -= 1;
    if (this.dropIn > 0) return 'pass';
    this.dropIn = null;
    return this.dropApply ? 'apply-then-drop' : 'drop';
  }

  isSilenced(cmd: Command): boolean {
    for (const p of this.silenced) if (pathMatches(p, cmd.path)) return true;
    return false;
  }

  trapFor(cmd: Command): Trap | null {
    const attrs = Object.fromEntries(cmd.attrs);
    const rule = this.traps.find((r) => pathMatches(r.path, cmd.path) && (!r.when || r.when(attrs)));
    if (!rule) return null;
    if (rule.times !== undefined && --rule.times <= 0) this.traps = this.traps.filter((r) => r !== rule);
    return new Trap(rule.message, rule.category);
  }
}
