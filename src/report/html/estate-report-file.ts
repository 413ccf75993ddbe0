import { randomBytes } from 'node:crypto';
import { chmod, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UsageError, errorMessage } from '../../shared/errors.js';

/**
 * Writes the report whole or not at all: a temporary file in the same folder, readable by its owner
 * only (0600: it says where personal data lives), renamed over `path`.
 */
export async function writeHtmlReport(path: string, text: string): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const file = await open(temporary, 'wx', 0o600);
    try {
      await file.writeFile(text);
      await file.sync();
    } finally {
      await file.close();
    }
    // The umask cannot widen 0600, but be explicit: the rename keeps these bits.
    await chmod(temporary, 0o600);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' || code === 'ENOTDIR'
        ? `folder ${dirname(path)} does not exist`
        : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
          ? `not allowed to write in ${dirname(path)}`
          : code === 'EISDIR'
            ? 'it is a folder'
            : errorMessage(error);
    throw new UsageError(`report --html ${path}: cannot write it (${why}); pick another path`, {
      cause: error,
    });
  }
}
