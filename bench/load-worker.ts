import { Worker } from 'node:worker_threads';

/*
 * Load from another thread: the phones are not in the server's process, so the HTTP client's own cost (undici:
 * a fifth of the CPU when it shares the thread) does not count against the server. The worker is plain JS (no
 * TypeScript loader needed), and reports every request's time and status.
 */

export interface LoadSpec {
  n: number;
  inFlight: number;
  url: string;
  method: 'GET' | 'POST';
  body?: string;
  headers: Record<string, string>;
  /** Cookies used in turn (request i uses cookies[(i * 31) % length]). */
  cookies?: string[];
}

export interface LoadResult {
  ms: number[];
  statuses: Map<number, number>;
  tookMs: number;
}

const SOURCE = `
const { parentPort, workerData: s } = require('node:worker_threads');
(async () => {
  const ms = [];
  const statuses = {};
  let next = 0;
  const t0 = process.hrtime.bigint();
  const one = async () => {
    for (;;) {
      const i = next++;
      if (i >= s.n) return;
      const headers = s.cookies && s.cookies.length ? { ...s.headers, cookie: s.cookies[(i * 31) % s.cookies.length] } : s.headers;
      const t = process.hrtime.bigint();
      let status = 0;
      try {
        const res = await fetch(s.url, { method: s.method, headers, body: s.method === 'POST' ? s.body : undefined });
        await res.arrayBuffer();
        status = res.status;
      } catch {}
      ms.push(Number(process.hrtime.bigint() - t) / 1e6);
      statuses[status] = (statuses[status] || 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(s.inFlight, s.n) }, one));
  parentPort.postMessage({ ms, statuses, tookMs: Number(process.hrtime.bigint() - t0) / 1e6 });
})();
`;

export function loadFromWorker(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const w = new Worker(SOURCE, { eval: true, workerData: spec });
    w.once('message', (m: { ms: number[]; statuses: Record<string, number>; tookMs: number }) => {
      resolve({ ms: m.ms, tookMs: m.tookMs, statuses: new Map(Object.entries(m.statuses).map(([k, v]) => [Number(k), v])) });
      void w.terminate();
    });
    w.once('error', reject);
  });
}
