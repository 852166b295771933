/**
 * RouterOS API word/sentence codec (reference §2). Lengths are byte lengths; words are decoded as UTF-8 by
 * default ('latin1' keeps bytes transparent for clients that speak win1252).
 */
export type Sentence = string[];
export type WordEncoding = 'utf8' | 'latin1';

/** The 1–5 byte length prefix exactly as RouterOS writes it (big-endian, §2.1). */
export function encodeLength(len: number): Buffer {
  if (!Number.isInteger(len) || len < 0 || len > 0xffffffff) throw new RangeError(`bad word length ${len}`);
  if (len < 0x80) return Buffer.from([len]);
  if (len < 0x4000) return Buffer.from([((len >> 8) & 0xff) | 0x80, len & 0xff]);
  if (len < 0x200000) return Buffer.from([((len >> 16) & 0xff) | 0xc0, (len >> 8) & 0xff, len & 0xff]);
  if (len < 0x10000000) {
    return Buffer.from([((len >>> 24) & 0xff) | 0xe0, (len >> 16) & 0xff, (len >> 8) & 0xff, len & 0xff]);
  }
  return Buffer.from([0xf0, (len >>> 24) & 0xff, (len >> 16) & 0xff, (len >> 8) & 0xff, len & 0xff]);
}

/** How many prefix bytes a first byte announces; 0 for a reserved control byte (>= 0xF8). */
export function prefixLength(first: number): number {
  if (first < 0x80) return 1;
  if (first < 0xc0) return 2;
  if (first < 0xe0) return 3;
  if (first < 0xf0) return 4;
  if (first === 0xf0) return 5;
  return 0; // 0xF1–0xF7 are not valid prefixes either; >= 0xF8 are control bytes
}

/** Decode a complete prefix; `buf` must hold at least prefixLength(buf[0]) bytes. */
export function decodeLength(buf: Buffer, at = 0): number {
  const b = buf[at] ?? 0;
  switch (prefixLength(b)) {
    case 1: return b;
    case 2: return ((b & 0x3f) << 8) | buf[at + 1]!;
    case 3: return ((b & 0x1f) << 16) | (buf[at + 1]! << 8) | buf[at + 2]!;
    case 4: return ((b & 0x0f) * 0x1000000) + ((buf[at + 1]! << 16) | (buf[at + 2]! << 8) | buf[at + 3]!);
    case 5: return buf.readUInt32BE(at + 1);
    default: throw new ProtocolError(`control byte 0x${b.toString(16)}`);
  }
}

export function encodeWord(word: string | Buffer, encoding: WordEncoding = 'utf8'): Buffer {
  const body = typeof word === 'string' ? Buffer.from(word, encoding) : word;
  return Buffer.concat([encodeLength(body.length), body]);
}

export function encodeSentence(words: readonly string[], encoding: WordEncoding = 'utf8'): Buffer {
  return Buffer.concat([...words.map((w) => encodeWord(w, encoding)), Buffer.from([0])]);
}

export class ProtocolError extends Error {}

/**
 * Incremental decoder: feed it TCP chunks of any size (down to single bytes); it buffers split prefixes and
 * split words and returns every sentence completed so far. Empty sentences are dropped (§2). A control byte
 * (>= 0xF8) where a prefix is expected throws ProtocolError: the connection cannot continue.
 */
export class SentenceDecoder {
  private buf: Buffer = Buffer.alloc(0);
  private words: string[] = [];
  constructor(private readonly encoding: WordEncoding = 'utf8', private readonly maxWord = 64 * 1024 * 1024) {}

  push(chunk: Buffer): Sentence[] {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const out: Sentence[] = [];
    let at = 0;
    for (;;) {
      if (at >= this.buf.length) break;
      const plen = prefixLength(this.buf[at]!);
      if (plen === 0 || (plen === 5 && this.buf[at] !== 0xf0)) throw new ProtocolError(`control byte 0x${this.buf[at]!.toString(16)}`);
      if (at + plen > this.buf.length) break;
      const len = decodeLength(this.buf, at);
      if (len > this.maxWord) throw new ProtocolError(`word of ${len} bytes is too large`);
      if (at + plen + len > this.buf.length) break;
      const start = at + plen;
      at = start + len;
      if (len === 0) {
        if (this.words.length > 0) out.push(this.words);
        this.words = [];
      } else {
        this.words.push(this.buf.toString(this.encoding, start, start + len));
      }
    }
    this.buf = at === 0 ? this.buf : this.buf.subarray(at);
    if (this.buf.length === 0) this.buf = Buffer.alloc(0);
    return out;
  }

  /** Bytes buffered but not yet part of a complete word. */
  pending(): number {
    return this.buf.length;
  }
}
