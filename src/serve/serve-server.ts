import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PiiTaxonomy } from '../catalog/pii-taxonomy.js';
import { loadDetectors } from '../detection/detector-loader.js';
import { UsageError } from '../shared/errors.js';
import { assertBindAllowed } from './bind-policy.js';
import { CatalogReader } from './catalog-reader.js';
import { openapiDocument } from './openapi-document.js';
import { requestHandler } from './request-handler.js';
import { ROUTES } from './routes/index.js';
import { uiHandler } from './ui/ui-handler.js';

export interface ServeOptions {
  /** The catalog file; it must exist (ConfigError otherwise, before anything listens). */
  catalog: string;
  host: string;
  /** 0 picks a free port; `url` and `port` say which. */
  port: number;
  /** Bearer token every request but /healthz must send; required unless `host` is loopback. */
  token?: string | undefined;
  /** Unexpected errors while answering (default: dropped). */
  log?: (line: string) => void;
}

export interface RunningServer {
  /** http://HOST:PORT, with the port actually bound. */
  url: string;
  port: number;
  /** Stops listening, lets answers in flight finish, closes the catalog. */
  close(): Promise<void>;
}

/** How long close() waits for open connections before cutting them. */
const CLOSE_GRACE_MS = 2000;

/**
 * Starts the read-only catalog API and the browser on it (`/ui/`); the catalog and the bind policy
 * are checked before listening.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host.replace(/^\[(.*)\]$/, '$1');
  const token = options.token === '' ? undefined : options.token;
  assertBindAllowed(host, token);
  // Sensitivity and category per type come from the built-in detectors' definitions.
  const taxonomy = new PiiTaxonomy((await loadDetectors()).map((d) => d.definition));
  const catalog = CatalogReader.open(options.catalog);
  const document = openapiDocument(ROUTES, { auth: token !== undefined });
  const server = createServer(
    requestHandler({
      routes: ROUTES,
      catalog,
      taxonomy,
      openapi: () => document,
      ui: uiHandler({ catalog, taxonomy, token, log: options.log ?? (() => {}) }),
      token,
      log: options.log ?? (() => {}),
    }),
  );
  try {
    await listen(server, host, options.port);
  } catch (error) {
    catalog.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () => close(server).finally(() => catalog.close()),
  };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why =
        error.code === 'EADDRINUSE'
          ? 'the port is in use; pick another --port (0 picks a free one)'
          : error.code === 'EACCES'
            ? 'not allowed to bind it; pick a port above 1023'
            : `cannot listen there (${error.message})`;
      reject(new UsageError(`serve --host ${host} --port ${port}: ${why}`, { cause: error }));
    });
    server.listen(port, host, () => resolve());
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const cut = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
    server.close(() => {
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}
