import fs from 'node:fs';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { createStream } from 'rotating-file-stream';

export interface LoggerOptions {
  dataDir: string;
  level?: string;
  /** Also write human-readable lines to stdout (server mode). */
  console: boolean;
}

export interface LoggerHandle {
  logger: Logger;
  file: string;
  close(): Promise<void>;
}

/** Structured JSON logs in <dataDir>/logs/app.log, rotated daily or at 10 MB, 14 files kept. */
export function createLogger(opts: LoggerOptions): LoggerHandle {
  const dir = path.join(opts.dataDir, 'logs');
  fs.mkdirSync(dir, { recursive: true });
  const fileStream = createStream('app.log', { path: dir, size: '10M', interval: '1d', maxFiles: 14 });
  const streams: pino.StreamEntry[] = [{ stream: fileStream, level: (opts.level ?? 'info') as pino.Level }];
  if (opts.console) {
    // pino-pretty as a synchronous stream: no worker thread, so it bundles and runs anywhere.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily and synchronously, only when logging to a console
    const pretty = require('pino-pretty') as (o: object) => NodeJS.WritableStream;
    streams.push({ stream: pretty({ colorize: process.stdout.isTTY, translateTime: 'SYS:standard', ignore: 'pid,hostname' }), level: (opts.level ?? 'info') as pino.Level });
  }
  const logger = pino(
    {
      level: opts.level ?? 'info',
      redact: { paths: ['password', '*.password', '*.newPassword', '*.currentPassword', 'token', '*.token'], censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    pino.multistream(streams),
  );
  return {
    logger,
    file: path.join(dir, 'app.log'),
    close: () =>
      new Promise<void>((resolve) => {
        logger.flush();
        fileStream.end(() => resolve());
      }),
  };
}
