/**
 * Child-process entry of remote.ts: runs one simulator in its own process (its own event loop and CPU, as a
 * real router is) and answers the parent's requests over the IPC channel.
 */
import { startRouterSim, type SimOptions } from './server';
import type { RemoteReply, RemoteRequest } from './remote';

async function main(): Promise<void> {
  const send = (m: RemoteReply): void => {
    process.send?.(m);
  };
  const opts = JSON.parse(process.env.ROUTEROS_SIM_OPTIONS ?? '{}') as SimOptions;
  const sim = await startRouterSim(opts);
  let closing = false;
  const close = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    await sim.close();
  };
  process.on('disconnect', () => void close().finally(() => process.exit(0)));
  process.on('message', (raw: unknown) => {
    const req = raw as RemoteRequest;
    void (async () => {
      try {
        switch (req.op) {
          case 'count':
            return send({ id: req.id, ok: true, value: sim.state.menu(req.menu).count() });
          case 'latency':
            sim.faults.latencyMs = req.ms;
            return send({ id: req.id, ok: true, value: 0 });
          case 'close':
            await close();
            send({ id: req.id, ok: true, value: 0 });
            return process.disconnect();
        }
      } catch (err) {
        send({ id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) });
      }
    })();
  });
  send({ id: 0, ok: true, value: sim.port, host: sim.host });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
