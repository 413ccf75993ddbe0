/**
 * An HTTP proxy in front of a test server (s3rver) that fails chosen requests on demand — an S3
 * error answer, a connection dropped before the answer or in the middle of its body — and forwards
 * the rest untouched (the Host header too, so SigV4 signatures still verify).
 */
import { type IncomingMessage, type ServerResponse, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Fault {
  /**
   * 500 InternalError, 503 SlowDown (S3's throttling answer), drop the connection unanswered
   * (`destroy`), or forward the server's status, headers (its full Content-Length) and the first
   * `afterBytes` bytes of its body, then drop the connection (`destroy-mid-body`).
   */
  fault: 500 | 503 | 'destroy' | 'destroy-mid-body';
  /** `destroy-mid-body`: body bytes passed on before the drop (default 1024). */
  afterBytes?: number;
  /** How many matching requests fail (default 1); later ones pass again. */
  times?: number;
  /** Only requests with this method (`GET`); ListObjectsV2 is a GET too. */
  method?: string;
  /** Only requests whose path and query match (`/^\/bucket\/key$/`, `/list-type=2/`). */
  path?: RegExp;
}

export interface FaultProxy {
  /** `http://127.0.0.1:PORT`: point the client under test here. */
  endpoint: string;
  /** Queues a fault; the first queued fault that matches a request answers it. */
  failNext(fault: Fault): void;
  /** Every request seen, failed or forwarded, as `METHOD /path?query`. */
  readonly requests: string[];
  /** Faults that have not been used up. */
  pending(): number;
  close(): Promise<void>;
}

const S3_ERRORS = {
  500: ['InternalError', 'We encountered an internal error. Please try again.'],
  503: ['SlowDown', 'Please reduce your request rate.'],
} as const;

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const queue: (Fault & { times: number })[] = [];
  const requests: string[] = [];

  const takeFault = (req: IncomingMessage): Fault | undefined => {
    const index = queue.findIndex(
      (f) => (!f.method || f.method === req.method) && (!f.path || f.path.test(req.url ?? '')),
    );
    const fault = queue[index];
    if (fault && --fault.times === 0) queue.splice(index, 1);
    return fault;
  };

  /** Forwards the request; with `cutAfter`, only that many body bytes come back before the drop. */
  const forward = (req: IncomingMessage, res: ServerResponse, cutAfter?: number): void => {
    const options = { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url };
    const outgoing = request({ ...options, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      if (cutAfter === undefined) return void answer.pipe(res);
      let left = cutAfter;
      answer.on('data', (chunk: Buffer) => {
        if (left <= 0) return;
        const part = chunk.subarray(0, left);
        left -= part.length;
        if (left > 0) return void res.write(part);
        answer.destroy();
        // Once the bytes so far are handed to the client's socket, drop the connection under it.
        res.write(part, () => res.socket?.destroy());
      });
      // A body no longer than cutAfter is passed on whole before the drop.
      answer.on('end', () => left > 0 && res.write(Buffer.alloc(0), () => res.socket?.destroy()));
    });
    outgoing.on('error', () => res.destroy());
    req.pipe(outgoing);
  };

  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const fault = takeFault(req);
    if (!fault) return forward(req, res);
    if (fault.fault === 'destroy') return void req.socket.destroy();
    if (fault.fault === 'destroy-mid-body') return forward(req, res, fault.afterBytes ?? 1024);
    const [code, message] = S3_ERRORS[fault.fault];
    req.resume(); // drain any upload so the connection stays usable
    res.writeHead(fault.fault, { 'content-type': 'application/xml' });
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>fault-proxy</RequestId></Error>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    failNext: (fault) => void queue.push({ ...fault, times: fault.times ?? 1 }),
    requests,
    pending: () => queue.reduce((sum, f) => sum + f.times, 0),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
