import { constants, createGunzip, gunzipSync } from 'node:zlib';
import { pipeThrough } from './pipe-through.js';

/**
 * Decompressed bytes read from one gzip object at most. Text compresses 3–20× (JSON logs up to
 * ~50×), so this covers a whole `bytesPerObject` sample (1 MiB by default) of ordinary gzip with
 * room to spare, while a gzip bomb (~1000×: 1 MiB → 1 GiB) stops here after well under a second
 * of inflating. Inflating streams, so memory is bounded anyway; the cap bounds time.
 */
export const MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;

/** Decompressed head bytes kept for sniffing: a bomb's 8 KiB head can inflate to 8 MiB. */
const MAX_HEAD_OUTPUT = 64 * 1024;

export function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The start of the decompressed content of a gzip head (a stream cut anywhere), or undefined when corrupt. */
export function gunzipHead(head: Uint8Array): Uint8Array | undefined {
  try {
    // Z_SYNC_FLUSH: a cut stream gives what it has instead of "unexpected end of file".
    return gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH }).subarray(0, MAX_HEAD_OUTPUT);
  } catch {
    return undefined;
  }
}

/** How a gunzip ended besides running to the end of the content. */
export interface GunzipEnd {
  /** `maxBytes` of output reached with more to come. */
  onCap(): void;
  /** The compressed stream ended early or is corrupt; the output before that was yielded. */
  onBroken(reason: string): void;
}

/** `Z_BUF_ERROR`, `Z_DATA_ERROR`…: zlib's own errors, as opposed to the source stream's. */
function zlibErrorCode(error: unknown): string | undefined {
  const code = error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  return code?.startsWith('Z_') ? code : undefined;
}

/** Decompressed bytes of a gzip stream (members concatenated), at most `maxBytes` of them. */
export async function* gunzip(
  compressed: AsyncIterable<Uint8Array>,
  maxBytes: number,
  end: GunzipEnd,
): AsyncGenerator<Uint8Array> {
  let produced = 0;
  try {
    for await (const output of pipeThrough(compressed, createGunzip())) {
      const chunk = output as Uint8Array;
      if (produced + chunk.length > maxBytes) {
        yield chunk.subarray(0, maxBytes - produced);
        end.onCap();
        return;
      }
      produced += chunk.length;
      yield chunk;
    }
  } catch (error) {
    // zlib's own errors end the content quietly; the store's errors (network, access) are the caller's.
    const code = zlibErrorCode(error);
    if (code === undefined) throw error;
    end.onBroken(code === 'Z_BUF_ERROR' ? 'gzip stream ends early' : 'corrupt gzip data');
  }
}
