/**
 * One client connection: decoding, login, `.tag` echo, per-command reply scheduling (latency per reply
 * sentence, independent per command so replies of concurrent commands interleave), `/cancel`, `/quit`.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { encodeSentence, ProtocolError, SentenceDecoder, type Sentence, type WordEncoding } from './codec';
import { parseCommand, TRAP, type Command } from './command';
import { execute } from './commands';
import type { Faults } from './faults';
import type { SimState, SimUser } from './state';

export interface SessionHost {
  state: SimState;
  faults: Faults;
  encoding: WordEncoding;
  emptyReplies: boolean;
  legacyLogin: boolean;
  challenge: Buffer | null;
  onSentence(session: Session, words: Sentence): void;
  /** Mute every connection (replies are dropped), then destroy them: the router vanished. */
  vanish(execute: () => void): void;
  closed(session: Session): void;
}

/** A command whose replies are still being sent (latency) or never will be (silenced). */
interface Flight { seq: number; tag: string | null; queue: Sentence[]; timer: NodeJS.Timeout | null }

const tagged = (s: Sentence, tag: string | null): Sentence => (tag ? [...s, `.tag=${tag}`] : s);

/** `00` + hex(MD5(0x00 ‖ password ‖ challenge)) — the legacy (< 6.43) login response. */
export function legacyResponse(password: string, challenge: Buffer): string {
  return '00' + createHash('md5').update(Buffer.concat([Buffer.from([0]), Buffer.from(password, 'utf8'), challenge])).digest('hex');
}

export class Session {
  user: SimUser | null = null;
  muted = false;
  private readonly decoder: SentenceDecoder;
  private readonly flights = new Map<number, Flight>();
  private seq = 0;
  private challenge: Buffer | null = null;
  private dead = false;

  constructor(readonly socket: Socket, private readonly host: SessionHost) {
    this.decoder = new SentenceDecoder(host.encoding);
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', () => this.destroy());
    socket.on('close', () => this.destroy());
  }

  /** Close without flushing anything else; pending replies are lost. */
  destroy(): void {
    if (this.dead) return;
    this.dead = true;
    for (const f of this.flights.values()) if (f.timer) clearTimeout(f.timer);
    this.flights.clear();
    this.socket.destroy();
    this.host.closed(this);
  }

  write(bytes: Buffer): void {
    if (!this.dead && !this.muted) this.socket.write(bytes);
  }

  /** `!fatal` then close (used by Faults.fatal and `/quit`). */
  fatal(message: string, asAttribute = false): Promise<void> {
    if (this.dead) return Promise.resolve();
    this.write(encodeSentence(['!fatal', asAttribute ? `=message=${message}` : message], this.host.encoding));
    for (const f of this.flights.values()) if (f.timer) clearTimeout(f.timer);
    this.flights.clear();
    this.muted = true;
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.end();
      setTimeout(() => this.destroy(), 200).unref();
    });
  }

  private onData(chunk: Buffer): void {
    let sentences: Sentence[];
    try {
      sentences = this.decoder.push(chunk);
    } catch (e) {
      if (e instanceof ProtocolError) return this.destroy(); // control byte or absurd length: cannot continue
      throw e;
    }
    for (const words of sentences) {
      if (this.dead) return;
      this.host.onSentence(this, words);
      const verdict = this.host.faults.onSentence();
      if (verdict === 'drop') return this.host.vanish(() => undefined);
      if (verdict === 'apply-then-drop') return this.host.vanish(() => this.handle(words));
      this.handle(words);
    }
  }

  private handle(words: Sentence): void {
    const cmd = parseCommand(words);
    const { faults } = this.host;
    if (faults.isSilenced(cmd)) {
      const seq = ++this.seq;
      this.flights.set(seq, { seq, tag: cmd.tag, queue: [], timer: null });
      return;
    }
    const trap = faults.trapFor(cmd);
    if (trap) return this.reply(cmd.tag, trap.sentences());
    if (cmd.path === '/login') return this.reply(cmd.tag, this.login(cmd));
    if (cmd.path === '/quit') {
      void this.fatal('session terminated on request');
      return;
    }
    if (!this.user) return this.reply(cmd.tag, TRAP.notLoggedIn().sentences());
    if (cmd.path === '/cancel') return this.cancel(cmd);
    this.reply(cmd.tag, execute({ state: this.host.state, user: this.user, emptyReplies: this.host.emptyReplies }, cmd));
  }

  private login(cmd: Command): Sentence[] {
    const name = cmd.attrs.get('name');
    const account = this.host.state.users.find((u) => u.name === name);
    if (this.host.legacyLogin) {
      const response = cmd.attrs.get('response');
      if (response === undefined) {
        // Pre-6.43 routers ignore =name=/=password= on the first /login and hand out a challenge.
        this.challenge = this.host.challenge ?? randomBytes(16);
        return [['!done', `=ret=${this.challenge.toString('hex')}`]];
      }
      const challenge = this.challenge;
      this.challenge = null;
      if (!account || !challenge || response.toLowerCase() !== legacyResponse(account.password, challenge)) {
        return TRAP.badLogin().sentences();
      }
    } else if (!account || cmd.attrs.get('password') !== account.password || cmd.attrs.has('response')) {
      return TRAP.badLogin().sentences();
    }
    this.user = account;
    return [['!done']];
  }

  /** `/cancel [=tag=X]`: trap `interrupted` for each cancelled command, `!done` for /cancel, then theirs. */
  private cancel(cmd: Command): void {
    for (const k of cmd.attrs.keys()) {
      if (k !== 'tag') return this.reply(cmd.tag, TRAP.unknownParameter(k).sentences());
    }
    const target = cmd.attrs.get('tag');
    const victims = [...this.flights.values()].filter((f) => target === undefined || f.tag === target);
    const out: Sentence[] = [];
    for (const f of victims) {
      if (f.timer) clearTimeout(f.timer);
      this.flights.delete(f.seq);
      out.push(tagged(TRAP.interrupted().sentences()[0]!, f.tag));
    }
    out.push(tagged(['!done'], cmd.tag));
    for (const f of victims) out.push(tagged(['!done'], f.tag));
    this.schedule(out, cmd.tag);
  }

  private reply(tag: string | null, sentences: Sentence[]): void {
    this.schedule(sentences.map((s) => tagged(s, tag)), tag);
  }

  /** Send already-tagged sentences, each delayed by the current latency; other commands are not held up. */
  private schedule(queue: Sentence[], tag: string | null): void {
    if (this.host.faults.latencyMs <= 0) {
      this.write(Buffer.concat(queue.map((s) => encodeSentence(s, this.host.encoding))));
      return;
    }
    const flight: Flight = { seq: ++this.seq, tag, queue, timer: null };
    this.flights.set(flight.seq, flight);
    const step = (): void => {
      const next = flight.queue.shift();
      if (next) this.write(encodeSentence(next, this.host.encoding));
      const gap = this.host.faults.streamGapMs ?? this.host.faults.latencyMs;
      if (gap <= 0 && flight.queue.length > 0) {
        this.write(Buffer.concat(flight.queue.map((s) => encodeSentence(s, this.host.encoding))));
        flight.queue.length = 0;
      }
      if (flight.queue.length === 0 || this.dead) {
        this.flights.delete(flight.seq);
        return;
      }
      flight.timer = setTimeout(step, gap);
    };
    flight.timer = setTimeout(step, this.host.faults.latencyMs);
  }
}
