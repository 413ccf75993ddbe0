import { createHash, hash } from 'node:crypto';
import type { StoredObject } from '../objects/object-store.js';

/**
 * A sha256 fingerprint of a set of objects — key, size, and ETag (files: inode and mtime in ns;
 * else last-modified time) of every object — that does not depend on listing order: each object is hashed on its own
 * and the digests are added lane by lane (8 × 32 bits, wrapping), so a store that lists in another
 * order gives the same value. Any added, removed or changed object changes it. The sum is for
 * detecting change, not for resisting someone crafting collisions.
 */
export class ListingFingerprint {
  readonly #lanes = new Uint32Array(8);
  #count = 0;

  add(object: StoredObject): void {
    const version =
      object.etag !== undefined
        ? `etag:${object.etag}`
        : (object.version ?? `mtime:${object.lastModified.getTime()}`);
    // The key's length first, so no key can run into the fields after it.
    const digest = hash('sha256', `${object.key.length}:${object.key}|${object.size}|${version}`, 'buffer');
    // Uint32Array stores the sum modulo 2^32.
    for (let lane = 0; lane < 8; lane++) {
      this.#lanes[lane] = (this.#lanes[lane] ?? 0) + digest.readUInt32LE(lane * 4);
    }
    this.#count++;
  }

  digest(): string {
    const sum = Buffer.alloc(32);
    this.#lanes.forEach((lane, index) => sum.writeUInt32LE(lane, index * 4));
    return createHash('sha256').update(`${this.#count}:`).update(sum).digest('hex');
  }
}
