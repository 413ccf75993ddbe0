import { open, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { SourceError, errorMessage } from '../../shared/errors.js';
import { isInside, walkFiles } from './file-walk.js';
import { keyGlobFilter } from './key-globs.js';
import type { ObjectStore, StoredObject } from './object-store.js';
import { mapStreamErrors, noBytes } from './stream-errors.js';

export interface FileStoreOptions {
  /** The folder to scan; relative paths resolve against the working directory. */
  root: string;
  /** Globs on the path relative to the folder (`**` crosses folders; dot files match). */
  include?: string[];
  exclude?: string[];
}

/**
 * The files below a local folder, listed in key order. Symlinked folders are not followed;
 * symlinked files are, when their target is a regular file inside the folder (see walkFiles).
 */
export class FileStore implements ObjectStore {
  readonly location: string;
  /**
   * What the last `list()` had to skip, one message each (a sub-folder it may not read, say);
   * the listing itself goes on. Cleared when a listing starts; the caller reports them.
   */
  readonly problems: string[] = [];
  private readonly select: (key: string) => boolean;

  constructor(options: FileStoreOptions) {
    this.location = path.resolve(options.root);
    this.select = keyGlobFilter(options.include, options.exclude);
  }

  async *list(): AsyncIterable<StoredObject> {
    this.problems.length = 0;
    const realRoot = await this.checkRoot();
    const files = walkFiles(this.location, {
      realRoot,
      select: this.select,
      onUnreadable: (absolute, error) => this.problems.push(unreadableMessage(absolute, error)),
    });
    try {
      for await (const { key, stats } of files) {
        yield {
          key,
          size: Number(stats.size),
          lastModified: stats.mtime,
          // A rewrite in place keeps the inode but moves the time; a replacement by rename changes the inode.
          version: `ino:${stats.ino}:mtime-ns:${stats.mtimeNs}`,
        };
      }
    } catch (error) {
      throw this.listError(error);
    }
  }

  async read(key: string, start: number, end: number): Promise<Uint8Array> {
    const file = this.resolve(key);
    const handle = await open(file, 'r').catch((error: unknown) => {
      throw this.fileError(file, error);
    });
    try {
      const size = (await handle.stat()).size;
      const buffer = Buffer.alloc(Math.max(0, Math.min(end, size) - start));
      let filled = 0;
      while (filled < buffer.length) {
        const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, start + filled);
        if (bytesRead === 0) break; // truncated since the stat
        filled += bytesRead;
      }
      return buffer.subarray(0, filled);
    } catch (error) {
      throw this.fileError(file, error);
    } finally {
      await handle.close();
    }
  }

  async stream(key: string, start: number, end: number): Promise<AsyncIterable<Uint8Array>> {
    const file = this.resolve(key);
    // Opened here so a missing or forbidden file fails this call, not the first chunk.
    const handle = await open(file, 'r').catch((error: unknown) => {
      throw this.fileError(file, error);
    });
    if (end <= start) {
      await handle.close();
      return noBytes();
    }
    // The stream owns the handle from here and closes it at its end or when destroyed.
    const chunks = handle.createReadStream({ start, end: end - 1 });
    return mapStreamErrors(chunks, (error) => this.fileError(file, error));
  }

  async close(): Promise<void> {}

  private async checkRoot(): Promise<string> {
    const stats = await stat(this.location).catch((error: unknown) => {
      throw this.rootError(error);
    });
    if (!stats.isDirectory())
      throw new SourceError(`${this.location}: not a folder; set "path" to the folder that holds the files`);
    return realpath(this.location);
  }

  /** A key from `list()` back to its file; keys that climb out of the folder are refused. */
  private resolve(key: string): string {
    const file = path.resolve(this.location, ...key.split('/'));
    if (!isInside(this.location, file))
      throw new SourceError(`${this.location}: key ${JSON.stringify(key)} is outside the folder`);
    return file;
  }

  private rootError(error: unknown): SourceError {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR')
      return new SourceError(`${this.location}: no such folder; check "path" in the source`, {
        cause: error,
      });
    return this.listError(error);
  }

  private listError(error: unknown): SourceError {
    if (error instanceof SourceError) return error;
    const code = errorCode(error);
    const fix =
      code === 'EACCES' || code === 'EPERM'
        ? 'give the scanning user read and execute permission on it'
        : 'check that it is a readable folder';
    return new SourceError(
      `${this.location}: cannot list the folder (${code ?? errorMessage(error)}); ${fix}`,
      {
        cause: error,
      },
    );
  }

  private fileError(file: string, error: unknown): SourceError {
    if (error instanceof SourceError) return error;
    const code = errorCode(error);
    if (code === 'EACCES' || code === 'EPERM')
      return new SourceError(
        `${file}: permission denied (${code}); give the scanning user read access to it`,
        {
          cause: error,
          permissionDenied: true,
        },
      );
    if (code === 'ENOENT')
      return new SourceError(`${file}: no such file; it was removed or rotated since the listing`, {
        cause: error,
      });
    return new SourceError(`${file}: ${errorMessage(error)}`, { cause: error });
  }
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function unreadableMessage(absolute: string, error: unknown): string {
  const code = errorCode(error) ?? errorMessage(error);
  return `${absolute}: cannot read it (${code}); what it holds is not scanned — give the scanning user read and execute permission on it`;
}
