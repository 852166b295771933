/**
 * `npm run sim:router -- --port 8728 [--host 127.0.0.1] [--user admin --password secret] [--version 7.18]
 *   [--latency-ms 2] [--legacy-login] [--seed-demo]`
 */
import { seedDemo } from './demo';
import { startRouterSim, type SimOptions } from './server';
import { versionAtLeast } from './values';

function parse(argv: string[]): { opts: SimOptions; demo: boolean } {
  const opts: SimOptions = { port: 8728 };
  let demo = false;
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
      case '--user': opts.user = value(); break;
      case '--password': opts.password = value(); break;
      case '--version': opts.version = value(); break;
      case '--latency-ms': opts.latencyMs = Number(value()); break;
      case '--identity': opts.identity = value(); break;
      case '--legacy-login': opts.legacyLogin = true; break;
      case '--seed-demo': demo = true; break;
      case '--help':
      case '-h':
        console.log('usage: sim:router [--port N] [--host ADDR] [--user U] [--password P] [--version V] [--latency-ms N] [--identity NAME] [--legacy-login] [--seed-demo]');
        process.exit(0);
        break;
      default: throw new Error(`unknown flag ${flag}`);
    }
  }
  if (!Number.isInteger(opts.port) || opts.port! < 0 || opts.port! > 65535) throw new Error('--port must be 0–65535');
  return { opts, demo };
}

async function main(): Promise<void> {
  const { opts, demo } = parse(process.argv.slice(2));
  const sim = await startRouterSim(opts);
  if (demo) seedDemo(sim.state);
  const login = sim.state.users[0]!;
  console.log(`RouterOS API simulator ${sim.state.version} listening on ${sim.host}:${sim.port} ` +
    `(user ${login.name}, password ${login.password ? `'${login.password}'` : 'empty'}` +
    `${(opts.legacyLogin ?? !versionAtLeast(sim.state.version, 6, 43)) ? ', legacy login' : ''}${demo ? ', demo data' : ''}) — Ctrl-C to stop`);
  const stop = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(`sim:router: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
