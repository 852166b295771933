import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore, type AppConfig, type Core } from '../../main/app/app';
import type { Binding } from '../../main/core/context';
import type { Input, Method, Output } from '../../shared/contract';
import type { ErrorPayload } from '../../shared/errors';

export function tempDir(prefix = 'mb-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A mutable clock for tests that move time (lockouts, session expiry, missed jobs). */
export class TestClock {
  constructor(public t: Date = new Date('2026-11-25T03:00:00.000Z')) {}
  now = (): Date => new Date(this.t);
  advance(ms: number): void {
    this.t = new Date(this.t.getTime() + ms);
  }
}

export async function startCore(over: Partial<AppConfig> = {}): Promise<Core> {
  return createCore({
    mode: 'server',
    dataDir: over.dataDir ?? tempDir(),
    version: '0.0.0-test',
    productName: 'Mikrotik Billing',
    http: { enabled: false },
    rendererDir: null,
    logToConsole: false,
    logLevel: 'warn',
    schedule: false,
    argon2: { memoryCost: 8192, timeCost: 2 },
    // An option given as undefined keeps its default.
    ...(Object.fromEntries(Object.entries(over).filter(([, v]) => v !== undefined)) as Partial<AppConfig>),
  });
}

/** A client session on the core through the same dispatcher every transport uses. */
export class Caller {
  token: string | null = null;
  constructor(
    private readonly core: Core,
    readonly transport: Binding['transport'] = 'ipc',
    /** The caller's address (HTTP); null over IPC. */
    readonly ip: string | null = null,
  ) {}

  private binding(): Binding {
    return { transport: this.transport, ip: this.ip, token: this.token, setToken: (t) => (this.token = t) };
  }

  async try<M extends Method>(method: M, input: Input<M>): Promise<{ ok: true; result: Output<M> } | { ok: false; error: ErrorPayload }> {
    return (await this.core.invoke(method, input, this.binding())) as { ok: true; result: Output<M> } | { ok: false; error: ErrorPayload };
  }

  async call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>> {
    const r = await this.try(method, input);
    if (!r.ok) throw new Error(`${method} failed: ${r.error.code} ${r.error.message} ${JSON.stringify(r.error.details ?? {})}`);
    return r.result;
  }

  async fail<M extends Method>(method: M, input: Input<M>): Promise<ErrorPayload> {
    const r = await this.try(method, input);
    if (r.ok) throw new Error(`${method} unexpectedly succeeded`);
    return r.error;
  }
}

export const OWNER = { fullName: 'Budi Santoso', username: 'budi', password: 'rahasia-123' };

export async function setupOffice(core: Core): Promise<Caller> {
  const owner = new Caller(core);
  await owner.call('setup.complete', {
    office: { name: 'RT05 Net', address: 'Jl. Melati 5', phone: '0812-3456-7890' },
    locale: { language: 'id', timezone: 'Asia/Jakarta' },
    owner: OWNER,
  });
  return owner;
}
