import { afterEach, describe, expect, it } from 'vitest';
import {
  decodeLength, encodeLength, encodeSentence, encodeWord, ProtocolError, SentenceDecoder, startRouterSim, type RouterSim,
} from '../peers/routeros-sim/index';
import { attrs, RawClient } from '../peers/routeros-sim/raw-client';

const hex = (b: Buffer): string => b.toString('hex');

// Reference §2.1: every boundary of the 1–5 byte length prefix, exactly as RouterOS writes it.
const TABLE: Array<[number, string]> = [
  [0, '00'], [0x7f, '7f'], [0x80, '8080'], [0x3fff, 'bfff'], [0x4000, 'c04000'], [0x1fffff, 'dfffff'],
  [0x200000, 'e0200000'], [0xfffffff, 'efffffff'], [0x10000000, 'f010000000'], [0xffffffff, 'f0ffffffff'],
];

describe('RouterOS codec: length prefixes', () => {
  it.each(TABLE)('length %i encodes to %s and decodes back', (len, bytes) => {
    expect(hex(encodeLength(len))).toBe(bytes);
    expect(decodeLength(Buffer.from(bytes, 'hex'))).toBe(len);
  });

  it('uses the decimal boundaries 127/128, 16383/16384, 2097151/2097152, 268435455/268435456', () => {
    expect([127, 128, 16383, 16384, 2097151, 2097152, 268435455, 268435456].map((n) => hex(encodeLength(n)))).toEqual(
      ['7f', '8080', 'bfff', 'c04000', 'dfffff', 'e0200000', 'efffffff', 'f010000000']);
  });

  it('round-trips real words at the 1/2/3/4-byte prefix boundaries through the decoder', () => {
    for (const len of [127, 128, 16383, 16384, 2097151, 2097152]) {
      const word = '=' + 'x'.repeat(len - 2) + 'y'; // exactly len bytes
      const wire = encodeSentence(['/cmd', word]);
      const prefix = new Map(TABLE).get(len)!;
      expect(hex(wire.subarray(5, 5 + prefix.length / 2))).toBe(prefix);
      expect(wire.length).toBe(5 + prefix.length / 2 + len + 1); // "/cmd" takes 5 bytes, then the word, then 0x00
      const [sentence] = new SentenceDecoder().push(wire);
      expect(sentence).toEqual(['/cmd', word]);
    }
  });

  it('buffers a 5-byte prefix (268435456-byte word) until the word is complete', () => {
    const d = new SentenceDecoder('utf8', 2 ** 32);
    expect(d.push(Buffer.concat([encodeLength(268435456), Buffer.alloc(10, 0x61)]))).toEqual([]);
    expect(d.pending()).toBe(15);
  });

  it('encodes the plain login example of §2.2 byte for byte', () => {
    expect(hex(encodeSentence(['/login', '=name=admin', '=password=secret']))).toBe(
      '06' + '2f6c6f67696e' + '0b' + '3d6e616d653d61646d696e' + '10' + '3d70617373776f72643d736563726574' + '00');
    expect(hex(encodeSentence(['!done']))).toBe('0521646f6e6500');
  });

  it('counts bytes, not characters', () => {
    expect(hex(encodeWord('=comment=é'))).toBe('0b' + Buffer.from('=comment=é').toString('hex'));
  });
});

describe('RouterOS codec: decoding', () => {
  it('decodes the same sentences when fed one byte at a time, prefixes and words split across reads', () => {
    const sentences = [['/a', '=x=' + 'p'.repeat(200)], ['/b', '=y=' + 'q'.repeat(20000), '.tag=7'], ['!done']];
    const wire = Buffer.concat([...sentences.map((s) => encodeSentence(s)), Buffer.from([0])]); // + empty sentence
    const d = new SentenceDecoder();
    const out = [];
    for (const b of wire) out.push(...d.push(Buffer.from([b])));
    expect(out).toEqual(sentences);
    expect(d.pending()).toBe(0);
  });

  it('ignores empty sentences', () => {
    expect(new SentenceDecoder().push(Buffer.from('000000', 'hex'))).toEqual([]);
  });

  it('rejects a control byte (>= 0xF8) where a length prefix is expected', () => {
    expect(() => new SentenceDecoder().push(Buffer.from([0xf8]))).toThrow(ProtocolError);
    expect(() => new SentenceDecoder().push(Buffer.from([0x02, 0x2f, 0x61, 0xff]))).toThrow(ProtocolError);
  });
});

describe('RouterOS simulator on the wire', () => {
  let sim: RouterSim;
  afterEach(async () => sim?.close());

  it('serves a client that writes one byte per TCP write', async () => {
    sim = await startRouterSim({ password: 'secret' });
    const c = await RawClient.connect(sim.port);
    await c.dribble(Buffer.concat([
      encodeSentence(['/login', '=name=admin', '=password=secret', '.tag=l']),
      encodeSentence(['/system/identity/print', '.tag=p']),
    ]));
    expect(await c.reply('l')).toEqual([['!done']]);
    const rows = await c.reply('p');
    expect(rows.map((s) => s[0])).toEqual(['!re', '!done']);
    expect(attrs(rows[0]!)).toEqual({ name: 'MikroTik' });
    c.close();
  });

  it('closes the connection on a control byte', async () => {
    sim = await startRouterSim();
    const c = await RawClient.login(sim.port);
    c.socket.write(Buffer.from([0xf8]));
    await c.whenClosed();
    expect(c.closed).toBe(true);
  });
});
