/**
 * The simulator in a child process of its own, for measurements: in-process, the simulator's CPU work per
 * command runs on the client's thread and is counted as the client's. Out of process it costs what a real
 * router costs the app: nothing but the wire. Only what the bench needs crosses the IPC channel.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { SimOptions } from './server';

type Request = { op: 'count'; menu: string } | { op: 'latency'; ms: number } | { op: 'close' };
export type RemoteRequest = Request & { id: number };
export type RemoteReply = { id: number; ok: true; value: number; host?: string } | { id: number; ok: false; error: string };

export interface RemoteRouterSim {
  host: string;
  port: number;
  /** Rows in a menu of the simulator. */
  count(menu: string): Promise<number>;
  /** Faults.latencyMs of the simulator (per reply sentence). */
  setLatency(ms: number): Promise<void>;
  close(): Promise<void>;
}

const ROOT = path.resolve(__dirname, '../../..');

export async function startRemoteRouterSim(opts: SimOptions = {}): Promise<RemoteRouterSim> {
  const child: ChildProcess = fork(path.join(__dirname, 'remote-main.ts'), [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ROUTEROS_SIM_OPTIONS: JSON.stringify(opts) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<number, { resolve(r: RemoteReply): void; reject(e: Error): void }>();
  let nextId = 1;
  let exited: Error | null = null;
  child.on('message', (m: unknown) => {
    const reply = m as RemoteReply;
    waiting.get(reply.id)?.resolve(reply);
    waiting.delete(reply.id);
  });
  child.on('exit', (code) => {
    exited = new Error(`the simulator process exited (code ${code})`);
    for (const w of waiting.values()) w.reject(exited);
    waiting.clear();
  });
  const reply = (id: number): Promise<RemoteReply> =>
    new Promise((resolve, reject) => {
      if (exited) return reject(exited);
      waiting.set(id, { resolve, reject });
    });
  const ready = await reply(0);
  if (!ready.ok) throw new Error(ready.error);
  const request = async (req: Request): Promise<number> => {
    const id = nextId++;
    const answer = reply(id);
    child.send({ ...req, id });
    const r = await answer;
    if (!r.ok) throw new Error(r.error);
    return r.value;
  };
  return {
    host: ready.host ?? '127.0.0.1',
    port: ready.value,
    count: (menu) => request({ op: 'count', menu }),
    setLatency: async (ms) => void (await request({ op: 'latency', ms })),
    close: async () => {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await request({ op: 'close' }).catch(() => undefined);
      await gone;
    },
  };
}
