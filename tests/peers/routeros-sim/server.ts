/** The TCP server: connections, listening (and refusing), broadcast faults, bookkeeping for assertions. */
import net from 'node:net';
import { encodeSentence, type Sentence, type WordEncoding } from './codec';
import { Faults, type FaultHost } from './faults';
import { Session, type SessionHost } from './session';
import { SimState, type SimUser } from './state';
import { versionAtLeast, type ClockFormat } from './values';

export interface SimOptions {
  /** 0 (default) = a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default admin. */
  user?: string;
  /** Default ''. */
  password?: string;
  /** Default 7.18.2; >= 7.18 sends `!empty` before `!done` for empty print results. */
  version?: string;
  /** Initial Faults.latencyMs (per reply sentence). */
  latencyMs?: number;
  /** Challenge/response login (RouterOS < 6.43); default true only when version < 6.43. */
  legacyLogin?: boolean;
  /** Hex challenge handed out by legacy login (default: 16 random bytes per attempt). */
  challenge?: string;
  /** /system/identity name (default MikroTik). */
  identity?: string;
  /** /system/clock date style; default from version: >= 7.10 `new` (2023-07-14), else `old` (jul/14/2023). */
  clockFormat?: ClockFormat;
  /** More router accounts besides `user` (a `read` group user gets `not enough permissions (9)` on writes). */
  users?: Array<Omit<SimUser, 'group'> & { group?: SimUser['group'] }>;
  /** How words are decoded/encoded (default utf8; latin1 is byte-transparent). */
  encoding?: WordEncoding;
}

export interface RouterSim {
  port: number;
  host: string;
  close(): Promise<void>;
  state: SimState;
  faults: Faults;
  /** Open client connections. */
  connections(): number;
  /** Command words of every sentence received, in order (e.g. `/login`, `/ppp/secret/add`). */
  commandsSeen(): string[];
  /** Every sentence received, in order, word for word. */
  sentencesSeen(): string[][];
}

class SimServer implements SessionHost, FaultHost {
  readonly sessions = new Set<Session>();
  readonly seen: Sentence[] = [];
  readonly faults = new Faults(this);
  readonly emptyReplies: boolean;
  readonly legacyLogin: boolean;
  readonly challenge: Buffer | null;
  readonly encoding: WordEncoding;
  private listener: net.Server | null = null;
  private refusing: 'no' | 'refuse' | 'reset' = 'no';
  port = 0;

  constructor(readonly state: SimState, readonly host: string, opts: SimOptions) {
    this.emptyReplies = versionAtLeast(state.version, 7, 18);
    this.legacyLogin = opts.legacyLogin ?? !versionAtLeast(state.version, 6, 43);
    this.challenge = opts.challenge !== undefined ? Buffer.from(opts.challenge, 'hex') : null;
    this.encoding = opts.encoding ?? 'utf8';
    this.faults.latencyMs = opts.latencyMs ?? 0;
  }

  listen(port: number): Promise<void> {
    const server = net.createServer((socket) => this.accept(socket));
    this.listener = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.host, () => {
        server.off('error', reject);
        this.port = (server.address() as net.AddressInfo).port;
        resolve();
      });
    });
  }

  private accept(socket: net.Socket): void {
    if (this.refusing === 'reset') {
      socket.on('error', () => undefined);
      socket.resetAndDestroy();
      return;
    }
    this.sessions.add(new Session(socket, this));
  }

  private stopListening(): Promise<void> {
    const server = this.listener;
    this.listener = null;
    if (!server) return Promise.resolve();
    return new Promise((resolve) => {
      server.close(() => resolve());
      // Open connections keep a closed server's callback waiting; refusing must not wait for them.
      if (this.sessions.size > 0) resolve();
    });
  }

  async setRefusing(mode: 'no' | 'refuse' | 'reset'): Promise<void> {
    this.refusing = mode;
    if (mode === 'refuse') await this.stopListening();
    else if (!this.listener) await this.listen(this.port);
  }

  onSentence(_s: Session, words: Sentence): void {
    this.seen.push(words);
  }

  vanish(execute: () => void): void {
    for (const s of this.sessions) s.muted = true;
    execute();
    this.disconnectAll();
  }

  disconnectAll(): void {
    for (const s of [...this.sessions]) s.destroy();
  }

  async fatalAll(message: string, asAttribute: boolean): Promise<void> {
    await Promise.all([...this.sessions].map((s) => s.fatal(message, asAttribute)));
  }

  broadcast(bytes: Buffer | Sentence): void {
    const buf = Buffer.isBuffer(bytes) ? bytes : encodeSentence(bytes, this.encoding);
    for (const s of this.sessions) s.write(buf);
  }

  closed(session: Session): void {
    this.sessions.delete(session);
  }

  async close(): Promise<void> {
    this.refusing = 'refuse';
    this.disconnectAll();
    await this.stopListening();
  }
}

export async function startRouterSim(opts: SimOptions = {}): Promise<RouterSim> {
  const version = opts.version ?? '7.18.2';
  const users: SimUser[] = [{ name: opts.user ?? 'admin', password: opts.password ?? '', group: 'full' }, ...(opts.users ?? []).map((u) => ({ group: 'full' as const, ...u }))];
  const state = new SimState({
    version,
    clockFormat: opts.clockFormat ?? (versionAtLeast(version, 7, 10) ? 'new' : 'old'),
    users,
    ...(opts.identity !== undefined ? { identity: opts.identity } : {}),
  });
  const server = new SimServer(state, opts.host ?? '127.0.0.1', opts);
  await server.listen(opts.port ?? 0);
  return {
    get port() { return server.port; },
    host: server.host,
    state,
    faults: server.faults,
    close: () => server.close(),
    connections: () => server.sessions.size,
    commandsSeen: () => server.seen.map((s) => s[0] ?? ''),
    sentencesSeen: () => server.seen.map((s) => [...s]),
  };
}
