/**
 * A minimal RouterOS API client for the simulator's own tests: raw sentences in, every received sentence
 * recorded with its arrival time. Not for application code (see main/modules/routers/client).
 */
import net from 'node:net';
import { encodeSentence, SentenceDecoder, type Sentence } from './codec';

export interface Received { words: Sentence; at: number }

export class RawClient {
  readonly received: Received[] = [];
  closed = false;
  protocolError: Error | null = null;
  private readonly decoder = new SentenceDecoder();
  private waiters: Array<() => void> = [];
  private readonly closedPromise: Promise<void>;

  private constructor(readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk) => {
      try {
        for (const words of this.decoder.push(chunk)) this.received.push({ words, at: performance.now() });
      } catch (e) {
        this.protocolError = e as Error; // e.g. a control byte: this client cannot continue
        socket.destroy();
      }
      this.wake();
    });
    socket.on('error', () => undefined);
    this.closedPromise = new Promise((resolve) => socket.on('close', () => {
      this.closed = true;
      this.wake();
      resolve();
    }));
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, host);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new RawClient(socket));
      });
      socket.once('error', reject);
    });
  }

  /** Connect and log in with the plain (>= 6.43) method; throws unless the reply is a bare `!done`. */
  static async login(port: number, user = 'admin', password = ''): Promise<RawClient> {
    const c = await RawClient.connect(port);
    const reply = await c.command(['/login', `=name=${user}`, `=password=${password}`]);
    if (reply.length !== 1 || reply[0]![0] !== '!done') throw new Error(`login failed: ${JSON.stringify(reply)}`);
    return c;
  }

  send(words: Sentence): void {
    this.socket.write(encodeSentence(words));
  }

  /** Write bytes one at a time (each its own write, with a macrotask in between). */
  async dribble(bytes: Buffer): Promise<void> {
    for (const b of bytes) {
      this.socket.write(Buffer.from([b]));
      await new Promise((r) => setImmediate(r));
    }
  }

  /** Wait until `pred` holds for the received log (or the socket closes, or the timeout hits). */
  async waitFor(pred: (rx: Received[]) => boolean, timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pred(this.received)) {
      if (this.closed) throw new Error('connection closed while waiting');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; received ${JSON.stringify(this.received.map((r) => r.words))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
  }

  /** Sentences carrying `.tag=tag` (tag word removed). */
  tagged(tag: string): Sentence[] {
    return this.received.filter((r) => r.words.includes(`.tag=${tag}`)).map((r) => r.words.filter((w) => w !== `.tag=${tag}`));
  }

  /** Wait for the `!done` tagged `tag` and return that command's sentences (tag removed). */
  async reply(tag: string, timeoutMs = 3000): Promise<Sentence[]> {
    await this.waitFor(() => this.tagged(tag).some((s) => s[0] === '!done'), timeoutMs);
    return this.tagged(tag);
  }

  /** Send an untagged command and collect the replies up to its `!done` (one untagged command at a time). */
  async command(words: Sentence, timeoutMs = 3000): Promise<Sentence[]> {
    const from = this.received.length;
    this.send(words);
    await this.waitFor((rx) => rx.slice(from).some((r) => r.words[0] === '!done'), timeoutMs);
    const out = this.received.slice(from).map((r) => r.words);
    return out.slice(0, out.findIndex((s) => s[0] === '!done') + 1);
  }

  /** Send with a tag and wait for its `!done`. */
  async call(tag: string, words: Sentence, timeoutMs = 3000): Promise<Sentence[]> {
    this.send([...words, `.tag=${tag}`]);
    return this.reply(tag, timeoutMs);
  }

  whenClosed(timeoutMs = 3000): Promise<void> {
    return Promise.race([
      this.closedPromise,
      new Promise<void>((_r, reject) => setTimeout(() => reject(new Error('socket did not close')), timeoutMs).unref()),
    ]);
  }

  close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}

/** `['!re', '=a=1', '=b=x=y']` → `{ a: '1', b: 'x=y' }`. */
export function attrs(s: Sentence): Record<string, string> {
  const out: Record<string, string> = {};
  for (const w of s.slice(1)) {
    if (!w.startsWith('=')) continue;
    const eq = w.indexOf('=', 1);
    out[w.slice(1, eq)] = w.slice(eq + 1);
  }
  return out;
}
