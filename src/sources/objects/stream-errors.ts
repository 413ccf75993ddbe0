/** A byte stream whose failures (a reset connection, a vanished file) surface as the store's own errors. */
export async function* mapStreamErrors(
  chunks: AsyncIterable<Uint8Array>,
  toError: (error: unknown) => Error,
): AsyncIterable<Uint8Array> {
  try {
    // Breaking out of the consumer's loop returns this generator, which destroys `chunks`.
    yield* chunks;
  } catch (error) {
    throw toError(error);
  }
}

/** The stream of an empty range. */
export async function* noBytes(): AsyncIterable<Uint8Array> {}
