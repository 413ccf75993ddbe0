import type { Command } from 'commander';
import { UsageError } from '../../shared/errors.js';
import { ExitCode } from '../exit-codes.js';
import type { CliIo } from '../io.js';

interface ServeFlags {
  catalog: string;
  host: string;
  port: string;
}

export function registerServe(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('serve')
    .description(
      'Serve the catalog read-only over HTTP (JSON; GET /openapi.json describes it) until SIGINT/SIGTERM',
    )
    .option('--catalog <file>', 'catalog file', 'piimap.db')
    .option('--host <address>', 'address to listen on; anything but loopback needs PIIMAP_TOKEN', '127.0.0.1')
    .option(
      '--port <port>',
      'port to listen on; 0 picks a free one (the first line on stderr says which)',
      '7878',
    )
    .action(async (flags: ServeFlags) => {
      const token = process.env.PIIMAP_TOKEN;
      const port = parsePort(flags.port);
      // The HTTP server, its routes and pages load only for this command, not whenever the CLI starts.
      const { startServer } = await import('../../serve/index.js');
      const server = await startServer({
        catalog: flags.catalog,
        host: flags.host,
        port,
        token: token === '' ? undefined : token,
        log: (line) => io.stderr.write(`piimap serve: ${line}\n`),
      });
      io.stderr.write(
        `piimap serve: listening on ${server.url} (catalog ${flags.catalog}${token ? '; bearer token required' : ''})\n`,
      );
      const signal = await untilSignal();
      io.stderr.write(`piimap serve: ${signal}, stopping\n`);
      await server.close();
      setExit(ExitCode.ok);
    });
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535)
    throw new UsageError(`serve --port ${text}: not a port; use 1-65535, or 0 for a free one`);
  return port;
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
