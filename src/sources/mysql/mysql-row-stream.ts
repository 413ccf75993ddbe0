import type { Connection } from 'mysql2';
import type { PoolConnection } from 'mysql2/promise';
import { inRuns } from '../source-adapter.js';

/**
 * One query's rows as arrays, streamed in runs of ROW_RUN: mysql2 pauses the socket while the
 * consumer is behind, so a run or so is in memory, whatever the result's size.
 */
export async function* streamRows(
  connection: PoolConnection,
  sql: string,
  values: readonly unknown[],
): AsyncGenerator<unknown[][]> {
  // Under the promise wrapper is mysql2's callback connection, the one with `stream()`; the
  // promise typings mislabel it.
  const core = connection.connection as unknown as Connection;
  const rows = core.query({ sql, values: [...values], rowsAsArray: true }).stream();
  // A connection lost mid-result (KILL, a restart, a reset socket) is told to the connection only:
  // mysql2 does not end a callback-less query's stream, which would then wait forever.
  const lost = (error: Error) => rows.destroy(error);
  core.once('error', lost);
  try {
    yield* inRuns(rows as AsyncIterable<unknown[]>);
  } finally {
    core.off('error', lost);
  }
}

/**
 * Holds a connection for exactly as long as `read`'s rows are consumed. Rows abandoned mid-result
 * destroy the connection: releasing it would first drain the rest of the result — perhaps a whole
 * table — over the wire.
 */
export async function* leasedRows<T>(
  acquire: () => Promise<PoolConnection>,
  read: (connection: PoolConnection) => AsyncIterable<T>,
): AsyncGenerator<T> {
  const connection = await acquire();
  let finished = false;
  try {
    yield* read(connection);
    finished = true;
  } finally {
    if (finished) connection.release();
    else connection.destroy();
  }
}
