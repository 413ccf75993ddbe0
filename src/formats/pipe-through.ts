import { type Duplex, Readable } from 'node:stream';

/**
 * Feeds an async iterable through a Node transform (gunzip, csv-parse) and yields its output.
 * Ending the iteration early destroys both sides, which returns the source iterator (closing the
 * object's stream); an error in the source fails the transform, so it reaches the caller.
 */
export async function* pipeThrough(
  source: AsyncIterable<unknown>,
  transform: Duplex,
): AsyncGenerator<unknown> {
  const input = Readable.from(source);
  input.once('error', (error) => transform.destroy(error));
  input.pipe(transform);
  try {
    for await (const output of transform) yield output;
  } finally {
    input.destroy();
    transform.destroy();
  }
}
