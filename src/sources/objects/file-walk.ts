import type { BigIntStats, Dirent } from 'node:fs';
import { lstat, opendir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

export interface WalkedFile {
  /** Path relative to the root, `/`-separated. */
  key: string;
  /** In bigint form: modification times in nanoseconds and inode numbers beyond 2^53 stay exact. */
  stats: BigIntStats;
}

export interface WalkOptions {
  /** The folder's resolved path (symlinks resolved): linked files must stay inside it. */
  realRoot: string;
  /** Which relative keys to yield; tested before any stat, so skipped files cost nothing. */
  select: (key: string) => boolean;
  /** A sub-folder or entry that could not be read; the walk goes on without it. */
  onUnreadable: (absolutePath: string, error: unknown) => void;
}

interface Entry {
  name: string;
  isFolder: boolean;
  isLink: boolean;
  /** UTF-8 bytes of the name, plus `/` for folders: sorting on it yields whole keys in S3's order. */
  sortKey: Buffer;
}

/**
 * Regular files below `folder`, depth first, in key order (UTF-8 byte order of the relative path,
 * as S3 lists keys). Only one folder's entries are held at a time per level, sorted; then the walk
 * recurses in that order. Symlinked folders are never followed (no loops, no escaping the root);
 * a symlinked file is followed only when its target is a regular file inside the root. Dangling
 * links, FIFOs, sockets and devices are skipped. `folder` itself must be readable: its error is thrown.
 */
export async function* walkFiles(
  folder: string,
  options: WalkOptions,
  prefix = '',
): AsyncGenerator<WalkedFile> {
  const entries = await readEntries(folder, prefix === '' ? undefined : options);
  for (const entry of entries) {
    const absolute = path.join(folder, entry.name);
    const key = prefix + entry.name;
    if (entry.isFolder) {
      yield* walkFiles(absolute, options, `${key}/`);
      continue;
    }
    if (!options.select(key)) continue;
    const stats = await fileStats(absolute, entry.isLink, options);
    if (stats) yield { key, stats };
  }
}

/** A folder's entries, sorted; a sub-folder that cannot be read is reported and treated as empty. */
async function readEntries(folder: string, reportTo: WalkOptions | undefined): Promise<Entry[]> {
  const entries: Entry[] = [];
  try {
    for await (const dirent of await opendir(folder)) {
      const entry = await toEntry(folder, dirent);
      if (entry) entries.push(entry);
    }
  } catch (error) {
    if (!reportTo) throw error;
    reportTo.onUnreadable(folder, error);
    return [];
  }
  return entries.sort((a, b) => Buffer.compare(a.sortKey, b.sortKey));
}

async function toEntry(folder: string, dirent: Dirent): Promise<Entry | undefined> {
  let isFolder = dirent.isDirectory();
  let isLink = dirent.isSymbolicLink();
  let isFile = dirent.isFile();
  const isSpecial =
    dirent.isFIFO() || dirent.isSocket() || dirent.isBlockDevice() || dirent.isCharacterDevice();
  if (!isFolder && !isLink && !isFile && !isSpecial) {
    // Some file systems do not report entry types (DT_UNKNOWN): ask lstat.
    const stats = await lstat(path.join(folder, dirent.name)).catch(() => undefined);
    isFolder = stats?.isDirectory() ?? false;
    isLink = stats?.isSymbolicLink() ?? false;
    isFile = stats?.isFile() ?? false;
  }
  if (!isFolder && !isLink && !isFile) return undefined;
  return {
    name: dirent.name,
    isFolder,
    isLink,
    sortKey: Buffer.from(isFolder ? `${dirent.name}/` : dirent.name),
  };
}

async function fileStats(
  absolute: string,
  isLink: boolean,
  options: WalkOptions,
): Promise<BigIntStats | undefined> {
  try {
    if (!isLink) return await lstat(absolute, { bigint: true });
    const target = await realpath(absolute);
    if (!isInside(options.realRoot, target)) return undefined;
    const stats = await stat(target, { bigint: true });
    return stats.isFile() ? stats : undefined;
  } catch (error) {
    // Gone since the folder was read (log rotation) or a dangling link: nothing to scan.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    options.onUnreadable(absolute, error);
    return undefined;
  }
}

/** Whether `target` lies below `root` (both absolute, already resolved). */
export function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return (
    relative !== '' &&
    relative !== '..' &&
    !relative.startsWith(`..${path.sep}`) &&
    !path.isAbsolute(relative)
  );
}
