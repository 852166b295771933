/**
 * `npm run sim:duitku -- --port 8090 [--host 127.0.0.1] [--merchant D0001 --key KEY --scheme hmac-sha256]…
 *   [--latency-ms N] [--no-callbacks] [--backoff-ms N]`
 * Repeat --merchant (each followed by its --key/--scheme) for several projects. Prints the base URL.
 */
import { DEFAULT_MERCHANT, startDuitkuSim, type DuitkuSimOptions } from './server';
import type { DuitkuScheme } from './signing';
import type { SimMerchant } from './state';

const SCHEMES: DuitkuScheme[] = ['hmac-sha256', 'sha256', 'md5'];
const USAGE = 'usage: sim:duitku [--port N] [--host ADDR] [--merchant CODE --key APIKEY --scheme hmac-sha256|sha256|md5]… [--latency-ms N] [--no-callbacks] [--backoff-ms N]';

function parse(argv: string[]): DuitkuSimOptions {
  const opts: DuitkuSimOptions = { port: 8090 };
  const merchants: SimMerchant[] = [];
  const last = (flag: string): SimMerchant => {
    if (merchants.length === 0) merchants.push({ ...DEFAULT_MERCHANT });
    const m = merchants[merchants.length - 1];
    if (!m) throw new Error(`${flag} needs a merchant`);
    return m;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--port': opts.port = Number(value()); break;
      case '--host': opts.host = value(); break;
      case '--merchant': merchants.push({ ...DEFAULT_MERCHANT, code: value() }); break;
      case '--key': last(flag).apiKey = value(); break;
      case '--scheme': {
        const s = value();
        if (!SCHEMES.includes(s as DuitkuScheme)) throw new Error(`--scheme must be one of ${SCHEMES.join(', ')}`);
        last(flag).scheme = s as DuitkuScheme;
        break;
      }
      case '--latency-ms': opts.latencyMs = Number(value()); break;
      case '--backoff-ms': opts.callbackBackoffMs = Number(value()); break;
      case '--no-callbacks': opts.callbacks = false; break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default: throw new Error(`unknown flag ${flag}\n${USAGE}`);
    }
  }
  if (!Number.isInteger(opts.port) || opts.port! < 0 || opts.port! > 65535) throw new Error('--port must be 0–65535');
  if (merchants.length > 0) opts.merchants = merchants;
  return opts;
}

async function main(): Promise<void> {
  const opts = parse(process.argv.slice(2));
  const sim = await startDuitkuSim(opts);
  const who = [...sim.state.merchants.values()].map((m) => `${m.code} (${m.scheme})`).join(', ');
  console.log(`DuitKu sandbox double listening on ${sim.baseUrl} — merchants ${who}; callbacks ${sim.callbacksEnabled ? 'on' : 'off'} — Ctrl-C to stop`);
  console.log(sim.baseUrl);
  const stop = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(`sim:duitku: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
