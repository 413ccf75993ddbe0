import type { ObjectStore } from '../sources/objects/object-store.js';

/**
 * Bytes [0, end) of an object: the head already read for sniffing, then one ranged stream for the
 * rest, so no byte is fetched twice and none past `end`. `onRead` counts the streamed bytes (the
 * head was counted by whoever read it); `onEnd` runs once the range has been read to its end.
 */
export async function* objectBytes(
  store: ObjectStore,
  key: string,
  head: Uint8Array,
  end: number,
  progress: { onRead(bytes: number): void; onEnd(): void },
): AsyncGenerator<Uint8Array> {
  yield head;
  if (head.length < end) {
    for await (const chunk of await store.stream(key, head.length, end)) {
      progress.onRead(chunk.length);
      yield chunk;
    }
  }
  progress.onEnd();
}
