import type { AsyncBuffer } from 'hyparquet';
import type { ObjectStore, StoredObject } from '../sources/objects/object-store.js';

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  if (
    bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength &&
    bytes.buffer instanceof ArrayBuffer
  ) {
    return bytes.buffer;
  }
  return bytes.slice().buffer;
}

/**
 * An object as hyparquet's random-access file: every slice is one ranged read, so only the footer
 * and the column chunks actually decoded cross the network. `onRead` counts the bytes fetched.
 */
export function storeAsyncBuffer(
  store: ObjectStore,
  object: StoredObject,
  onRead: (bytes: number) => void,
): AsyncBuffer {
  return {
    byteLength: object.size,
    async slice(start: number, end: number = object.size): Promise<ArrayBuffer> {
      const bytes = await store.read(object.key, start, end);
      onRead(bytes.length);
      return toArrayBuffer(bytes);
    },
  };
}
