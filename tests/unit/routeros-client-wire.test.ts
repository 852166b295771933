/**
 * The patched node-routeros (patches/node-routeros+1.6.9.patch) at the wire: strict framing, `!empty`,
 * unknown replies and tags, `!fatal`, login state machine, errors that never escape as exceptions.
 * Scripted peers are tiny in-test net.Servers; the real simulator is exercised in routeros-client*.test.ts.
 */
import net from 'node:net';
import { Receiver, RouterOSAPI } from 'node-routeros';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeSentence, SentenceDecoder } from '../peers/routeros-sim/index';
import { elapse } from '../support/poll';

// ---- every test: nothing may escape as an uncaught exception or unhandled rejection -----------------------
let escaped: unknown[] = [];
const onEscape = (err: unknown): void => {
  escaped.push(err);
};
beforeEach(() => {
  escaped = [];
  process.on('uncaughtException', onEscape);
  process.on('unhandledRejection', onEscape);
});
afterEach(async () => {
  // The subject is time passing: a grace period in which late socket events of the test could still escape.
  await elapse(20);
  process.off('uncaughtException', onEscape);
  process.off('unhandledRejection', onEscape);
  expect(escaped).toEqual([]);
});

// ---- Receiver fed directly ---------------------------------------------------------------------------------
interface Fed {
  receiver: Receiver;
  got: Map<string, string[][]>;
  fatal: string[];
  protocol: string[];
}

function receiver(tags: string[], encoding = 'utf8'): Fed {
  const got = new Map<string, string[][]>();
  const fatal: string[] = [];
  const protocol: string[] = [];
  const r = new Receiver(new net.Socket(), {
    encoding,
    onFatal: (reason) => fatal.push(reason),
    onProtocolError: (message) => protocol.push(message),
  });
  for (const tag of tags) {
    got.set(tag, []);
    r.read(tag, (packet) => got.get(tag)!.push(packet));
  }
  return { receiver: r, got, fatal, protocol };
}

function feed(r: Receiver, bytes: Buffer, chunk: number): void {
  for (let i = 0; i < bytes.length; i += chunk) r.processRawData(bytes.subarray(i, i + chunk));
}

describe('patched Receiver: strict framing', () => {
  it('reassembles sentences fed one byte at a time, across every prefix size boundary', () => {
    const lengths = [0, 1, 0x7f, 0x80, 0x3fff, 0x4000];
    const words = lengths.map((n) => `=w${n}=${'x'.repeat(Math.max(0, n - `=w${n}=`.length))}`);
    const stream = Buffer.concat([
      encodeSentence(['!re', ...words.slice(1), '.tag=a']),
      encodeSentence([]), // an empty sentence is ignored
      encodeSentence(['!done', '.tag=a']),
    ]);
    const fed = receiver(['a']);
    feed(fed.receiver, stream, 1);
    const packets = fed.got.get('a')!;
    expect(packets).toHaveLength(2);
    expect(packets[0]![0]).toBe('!re');
    expect(packets[0]!.slice(1).map((w) => Buffer.byteLength(w))).toEqual(lengths.slice(1).map((n) => Math.max(n, `=w${n}=`.length)));
    expect(packets[1]).toEqual(['!done']);
    expect(fed.protocol).toEqual([]);
  });

  it('handles 3-, 4- and 5-byte prefixes split across reads', () => {
    const big = Buffer.alloc(0x200000, 0x61); // 2 MiB word: 4-byte prefix e0 20 00 00
    const mid = Buffer.alloc(0x1fffff, 0x62); // 3-byte prefix df ff ff
    const word = (body: Buffer): Buffer => {
      const n = body.length;
      const prefix = n < 0x200000 ? Buffer.from([0xc0 | (n >> 16), (n >> 8) & 0xff, n & 0xff]) : Buffer.from([0xe0 | (n >>> 24), (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
      return Buffer.concat([prefix, body]);
    };
    // A 5-byte prefix (0xF0) announcing a 6-byte word: legal framing even if RouterOS only uses it for >= 256 MiB.
    const five = Buffer.concat([Buffer.from([0xf0, 0, 0, 0, 6]), Buffer.from('=k=abc')]);
    const stream = Buffer.concat([
      Buffer.from([3]), Buffer.from('!re'),
      word(Buffer.concat([Buffer.from('=m='), mid.subarray(3)])),
      word(Buffer.concat([Buffer.from('=b='), big.subarray(3)])),
      five,
      Buffer.from([6]), Buffer.from('.tag=t'),
      Buffer.from([0]),
    ]);
    const fed = receiver(['t']);
    feed(fed.receiver, stream, 7);
    const [packet] = fed.got.get('t')!;
    expect(packet?.map((w) => w.length)).toEqual([3, 0x1fffff, 0x200000, 6]);
    expect(packet?.[3]).toBe('=k=abc');
  });

  it('drops replies for unknown or finished tags, and survives a reader that throws', () => {
    const fed = receiver(['a']);
    fed.receiver.read('boom', () => {
      throw new Error('reader bug');
    });
    const stream = Buffer.concat([
      encodeSentence(['!done', '.tag=gone']), // e.g. after a /cancel race
      encodeSentence(['!re', '=x=1', '.tag=boom']),
      encodeSentence(['!done', '.tag=a']),
    ]);
    expect(() => fed.receiver.processRawData(stream)).not.toThrow();
    expect(fed.got.get('a')).toEqual([['!done']]);
  });

  it('routes untagged replies to the only reader, drops them when several could own them', () => {
    const one = receiver(['a']);
    one.receiver.processRawData(Buffer.concat([encodeSentence(['!re', '=n=1']), encodeSentence(['!done'])]));
    expect(one.got.get('a')).toEqual([['!re', '=n=1'], ['!done']]);
    const two = receiver(['a', 'b']);
    two.receiver.processRawData(encodeSentence(['!done']));
    expect(two.got.get('a')).toEqual([]);
    expect(two.got.get('b')).toEqual([]);
  });

  it('reports !fatal with its reason in both forms', () => {
    const fed = receiver(['a']);
    fed.receiver.processRawData(encodeSentence(['!fatal', 'too many commands before login']));
    const fed2 = receiver([]);
    fed2.receiver.processRawData(encodeSentence(['!fatal', '=message=session terminated on request']));
    expect(fed.fatal).toEqual(['too many commands before login']);
    expect(fed2.fatal).toEqual(['session terminated on request']);
    expect(fed.got.get('a')).toEqual([]);
  });

  it('reports control bytes and sentences without a reply word as protocol errors, then stops parsing', () => {
    for (const bad of [Buffer.from([0xf8]), Buffer.from([0xf3, 0, 0, 0, 0]), encodeSentence(['hello', '.tag=a'])]) {
      const fed = receiver(['a']);
      expect(() => fed.receiver.processRawData(bad)).not.toThrow();
      expect(fed.protocol).toHaveLength(1);
      fed.receiver.processRawData(encodeSentence(['!done', '.tag=a']));
      expect(fed.got.get('a')).toEqual([]);
    }
  });

  it('decodes UTF-8 by default and win1252 when configured', () => {
    const utf8 = receiver(['a']);
    utf8.receiver.processRawData(encodeSentence(['!re', '=comment=Pak Budi — café ☕', '.tag=a']));
    expect(utf8.got.get('a')![0]![1]).toBe('=comment=Pak Budi — café ☕');
    const win = receiver(['a'], 'win1252');
    win.receiver.processRawData(encodeSentence(['!re', '=comment=caf\u00e9 \u0080', '.tag=a'], 'latin1'));
    expect(win.got.get('a')![0]![1]).toBe('=comment=café €');
  });
});

// ---- the patched API against scripted peers ------------------------------------------------------------------
type Reply = (words: string[]) => void;
interface Peer {
  port: number;
  seen: string[][];
  sockets: Set<net.Socket>;
  close(): Promise<void>;
}
const peers: Peer[] = [];
const apis: RouterOSAPI[] = [];

/** A scripted router: `onLogin` and `onCommand` get each sentence and a reply function that appends the tag. */
async function peer(script: {
  onLogin?: (words: string[], reply: Reply, socket: net.Socket) => void;
  onCommand?: (words: string[], reply: Reply, socket: net.Socket) => void;
}): Promise<Peer> {
  const seen: string[][] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const decoder = new SentenceDecoder('utf8');
    socket.on('data', (chunk) => {
      for (const words of decoder.push(chunk)) {
        seen.push(words);
        const tag = words.find((w) => w.startsWith('.tag='));
        const reply: Reply = (out) => socket.write(encodeSentence(tag ? [...out, tag] : out));
        if (words[0] === '/login') (script.onLogin ?? ((_w, r) => r(['!done'])))(words, reply, socket);
        else script.onCommand?.(words, reply, socket);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const p: Peer = {
    port: (server.address() as net.AddressInfo).port,
    seen,
    sockets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  peers.push(p);
  return p;
}

function api(port: number, over: Partial<{ user: string; password: string }> = {}): RouterOSAPI {
  const a = new RouterOSAPI({ host: '127.0.0.1', port, user: over.user ?? 'admin', password: over.password ?? 'pw', timeout: 5 });
  apis.push(a);
  return a;
}

afterEach(async () => {
  for (const a of apis.splice(0)) a.destroy();
  for (const p of peers.splice(0)) await p.close();
});

describe('patched RouterOSAPI: replies', () => {
  it('treats !empty (7.18+) as no data and waits for !done', async () => {
    const p = await peer({
      onCommand: (_w, reply) => {
        reply(['!empty']);
        setTimeout(() => reply(['!done']), 20);
      },
    });
    const a = api(p.port);
    await a.connect();
    await expect(a.write('/ip/hotspot/user/print')).resolves.toEqual([]);
    await expect(a.exec(['/ppp/secret/print'])).resolves.toEqual({ rows: [], done: {} });
  });

  it('keeps !re rows and the !done =ret= apart, and traps keep their category', async () => {
    const p = await peer({
      onCommand: (words, reply) => {
        if (words[0] === '/ip/hotspot/user/add' && words.includes('=name=dup')) {
          reply(['!trap', '=category=1', '=message=failure: already have user with this name for this server']);
          reply(['!done']);
        } else if (words[0] === '/ip/hotspot/user/add') reply(['!done', '=ret=*1A']);
        else {
          reply(['!re', '=.id=*1', '=name=a=b']);
          reply(['!done']);
        }
      },
    });
    const a = api(p.port);
    await a.connect();
    await expect(a.exec(['/ip/hotspot/user/add', '=name=x'])).resolves.toEqual({ rows: [], done: { ret: '*1A' } });
    await expect(a.exec(['/ip/hotspot/user/print'])).resolves.toEqual({ rows: [{ '.id': '*1', name: 'a=b' }], done: {} });
    await expect(a.exec(['/ip/hotspot/user/add', '=name=dup'])).rejects.toMatchObject({
      errno: 'TRAP',
      category: 1,
      message: 'failure: already have user with this name for this server',
    });
    // The legacy write() API still resolves [{ ret }] for add, as upstream did.
    await expect(a.write('/ip/hotspot/user/add', ['=name=y'])).resolves.toEqual([{ ret: '*1A' }]);
  });

  it('rejects the owning command on an unknown reply word instead of throwing, and stays usable', async () => {
    const p = await peer({
      onCommand: (words, reply) => {
        if (words[0] === '/weird') reply(['!surprise', '=x=1']);
        else reply(['!done', '=ret=ok']);
      },
    });
    const a = api(p.port);
    await a.connect();
    await expect(a.exec(['/weird'])).rejects.toMatchObject({ errno: 'UNKNOWNREPLY' });
    await expect(a.exec(['/system/identity/print'])).resolves.toEqual({ rows: [], done: { ret: 'ok' } });
  });

  it('lets the caller choose the tag (for /cancel =tag=)', async () => {
    const p = await peer({ onCommand: (_w, reply) => reply(['!done']) });
    const a = api(p.port);
    await a.connect();
    await a.exec(['/system/identity/print'], { tag: 'mine7' });
    expect(p.seen.at(-1)).toEqual(['/system/identity/print', '.tag=mine7']);
  });
});

describe('patched RouterOSAPI: connection ends never hang or crash', () => {
  it('rejects commands written before connect() instead of throwing a TypeError', async () => {
    const a = new RouterOSAPI({ host: '127.0.0.1', port: 1 });
    await expect(a.write('/system/identity/print')).rejects.toMatchObject({ errno: 'NOTCONNECTED' });
    await expect(a.exec(['/system/identity/print'])).rejects.toMatchObject({ errno: 'NOTCONNECTED' });
  });

  it('rejects in-flight commands when the router drops the socket, with no error listener attached', async () => {
    const p = await peer({ onCommand: (_w, _reply, socket) => setTimeout(() => socket.resetAndDestroy(), 10) });
    const a = api(p.port);
    await a.connect();
    const ended = new Promise<string>((resolve) => a.once('disconnected', (_reason, kind) => resolve(kind)));
    const results = await Promise.allSettled([a.exec(['/ppp/secret/print']), a.write('/ppp/active/print')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(['error', 'close']).toContain(await ended);
    expect(a.connected).toBe(false);
    await expect(a.exec(['/ppp/secret/print'])).rejects.toMatchObject({ errno: 'NOTCONNECTED' });
  });

  it('turns !fatal into FATAL rejections carrying the reason', async () => {
    const p = await peer({ onCommand: (_w, _reply, socket) => {
      socket.write(encodeSentence(['!fatal', 'too many commands']));
      socket.end();
    } });
    const a = api(p.port);
    await a.connect();
    await expect(a.exec(['/ppp/secret/print'])).rejects.toMatchObject({ errno: 'FATAL', fatal: 'too many commands' });
  });

  it('ends the connection on a control byte, rejecting what was in flight', async () => {
    const p = await peer({ onCommand: (_w, _reply, socket) => socket.write(Buffer.from([0xf8, 1, 2])) });
    const a = api(p.port);
    a.on('error', () => undefined);
    await a.connect();
    await expect(a.exec(['/ppp/secret/print'])).rejects.toMatchObject({ errno: 'PROTOCOL' });
    expect(a.connected).toBe(false);
  });
});

describe('patched RouterOSAPI: login state machine', () => {
  it('refuses wrong credentials with CANTLOGIN and the router message', async () => {
    const p = await peer({ onLogin: (_w, reply) => {
      reply(['!trap', '=message=invalid user name or password (6)']);
      reply(['!done']);
    } });
    await expect(api(p.port).connect()).rejects.toMatchObject({ errno: 'CANTLOGIN', routerMessage: 'invalid user name or password (6)' });
  });

  it('never reports success for an unexpected /login answer', async () => {
    for (const answer of [[['!re', '=x=1'], ['!done']], [['!done', '=ret=not-hex']]]) {
      const p = await peer({ onLogin: (_w, reply) => answer.forEach((s) => reply(s)) });
      const a = api(p.port);
      await expect(a.connect()).rejects.toMatchObject({ errno: 'PROTOCOL' });
      expect(a.connected).toBe(false);
    }
  });

  it('answers the legacy challenge with the reference response (go-routeros test vector)', async () => {
    const p = await peer({ onLogin: (words, reply) => {
      const response = words.find((w) => w.startsWith('=response='));
      if (!response) reply(['!done', '=ret=abc123']);
      else if (response === '=response=0021277bff9ac7caf06aa608e46616d47f' && words.includes('=name=userTest')) reply(['!done']);
      else {
        reply(['!trap', '=message=cannot log in']);
        reply(['!done']);
      }
    } });
    const a = api(p.port, { user: 'userTest', password: 'passTest' });
    await a.connect();
    expect(a.connected).toBe(true);
    expect(p.seen.filter((s) => s[0] === '/login')).toHaveLength(2);
    await expect(api(p.port, { user: 'userTest', password: 'wrong' }).connect()).rejects.toMatchObject({ errno: 'CANTLOGIN' });
  });

  it('rejects connect() when the router closes the socket during login', async () => {
    const p = await peer({ onLogin: (_w, _reply, socket) => socket.end() });
    await expect(api(p.port).connect()).rejects.toMatchObject({ errno: 'CLOSED' });
  });
});
