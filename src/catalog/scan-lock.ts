import { randomUUID } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { CatalogError, type CatalogLockHolder, CatalogLockedError, errorMessage } from '../shared/errors.js';
import { type SqliteCatalogStore, now } from './catalog-store.js';

/** A lock whose heartbeat is older than this belongs to a scan that is gone or stuck. */
export const SCAN_LOCK_STALE_AFTER_MS = 120_000;
/** How often the holder says it is alive. */
export const SCAN_LOCK_HEARTBEAT_MS = 15_000;

/** Who takes the lock: this process, unless a test says otherwise. */
export interface ScanLockHolder {
  pid: number;
  host: string;
  user: string;
}

export interface ScanLockOptions {
  staleAfterMs?: number;
  /** 0: no heartbeat timer (the caller calls heartbeat() itself). */
  heartbeatEveryMs?: number;
}

/** A stale lock this one replaced, and why it was stale; recorded in the new scan's options. */
export type LockTakeover = CatalogLockHolder & { reason: string };

interface LockRow {
  scan_id: number | null;
  pid: number;
  host: string;
  user_name: string;
  acquired_at: string;
  heartbeat_at: string;
}

/**
 * The catalog's one writer: a row in `scan_lock`, taken in a BEGIN IMMEDIATE transaction (two
 * scans racing cannot both win), refreshed by a heartbeat, deleted when the scan ends. A lock whose
 * process is gone (same host) or whose heartbeat is stale is taken over, and its scan marked
 * interrupted. Reviews and readers do not take it: they use short transactions.
 */
export class ScanLock {
  readonly takenOver: LockTakeover | undefined;
  private readonly store: SqliteCatalogStore;
  private readonly token: string;
  private scanId: number | null = null;
  private timer: NodeJS.Timeout | undefined;
  private held = true;

  private constructor(store: SqliteCatalogStore, token: string, takenOver: LockTakeover | undefined) {
    this.store = store;
    this.token = token;
    this.takenOver = takenOver;
  }

  /** Takes the catalog's lock, or throws CatalogLockedError naming the scan that holds it. */
  static acquire(
    store: SqliteCatalogStore,
    holder: ScanLockHolder = currentProcess(),
    {
      staleAfterMs = SCAN_LOCK_STALE_AFTER_MS,
      heartbeatEveryMs = SCAN_LOCK_HEARTBEAT_MS,
    }: ScanLockOptions = {},
  ): ScanLock {
    const token = randomUUID();
    const take = store.db.transaction((): LockTakeover | undefined => {
      const row = store.db.prepare('SELECT * FROM scan_lock WHERE id = 1').get() as LockRow | undefined;
      const current = row && holderOf(row);
      const reason = current && staleReason(current, staleAfterMs);
      if (current && reason === undefined) {
        throw new CatalogLockedError(lockedMessage(store.path, current, staleAfterMs), { holder: current });
      }
      if (current?.scanId != null) {
        store.db
          .prepare(
            "UPDATE scans SET status = 'interrupted', finished_at = ? WHERE id = ? AND status = 'running'",
          )
          .run(now(), current.scanId);
      }
      const at = now();
      store.db
        .prepare(
          `INSERT OR REPLACE INTO scan_lock (id, scan_id, token, pid, host, user_name, acquired_at, heartbeat_at)
           VALUES (1, NULL, ?, ?, ?, ?, ?, ?)`,
        )
        .run(token, holder.pid, holder.host, holder.user, at, at);
      return current && { ...current, reason: reason as string };
    });
    let takenOver: LockTakeover | undefined;
    try {
      takenOver = take.immediate();
    } catch (error) {
      if (error instanceof CatalogLockedError) throw error;
      throw new CatalogError(`catalog ${store.path}: cannot take the scan lock (${errorMessage(error)})`, {
        cause: error,
      });
    }
    const lock = new ScanLock(store, token, takenOver);
    if (heartbeatEveryMs > 0) {
      lock.timer = setInterval(() => {
        try {
          lock.heartbeat();
        } catch {
          // A busy or failing catalog: the next beat tries again.
        }
      }, heartbeatEveryMs).unref();
    }
    return lock;
  }

  /** Names the scan in the lock once its row exists; a takeover is noted in that scan's options. */
  attach(scanId: number): void {
    this.scanId = scanId;
    this.store.db.transaction(() => {
      this.store.db.prepare('UPDATE scan_lock SET scan_id = ? WHERE token = ?').run(scanId, this.token);
      if (this.takenOver) {
        this.store.db
          .prepare("UPDATE scans SET options = json_set(options, '$.lockTakeover', json(?)) WHERE id = ?")
          .run(JSON.stringify(this.takenOver), scanId);
      }
    })();
  }

  /** Says the holder is alive; false once the lock was taken over (this scan looked stale). */
  heartbeat(): boolean {
    if (!this.held) return false;
    const result = this.store.db
      .prepare('UPDATE scan_lock SET heartbeat_at = ? WHERE token = ?')
      .run(now(), this.token);
    if (result.changes === 0) this.lost();
    return this.held;
  }

  /**
   * Lets go of the lock if this scan still holds it, marking its scan interrupted if it never
   * finished. Never throws (it runs in `finally`): a lock left behind is taken over later.
   */
  release(): boolean {
    clearInterval(this.timer);
    if (!this.held || !this.store.db.open) return false;
    this.held = false;
    try {
      return this.store.db.transaction(() => {
        const deleted = this.store.db.prepare('DELETE FROM scan_lock WHERE token = ?').run(this.token);
        if (deleted.changes > 0 && this.scanId !== null) {
          this.store.db
            .prepare(
              "UPDATE scans SET status = 'interrupted', finished_at = ? WHERE id = ? AND status = 'running'",
            )
            .run(now(), this.scanId);
        }
        return deleted.changes > 0;
      })();
    } catch {
      return false;
    }
  }

  private lost(): void {
    this.held = false;
    clearInterval(this.timer);
  }
}

export function currentProcess(): ScanLockHolder {
  return { pid: process.pid, host: hostname(), user: userInfo().username };
}

function holderOf(row: LockRow): CatalogLockHolder {
  return {
    scanId: row.scan_id,
    pid: row.pid,
    host: row.host,
    user: row.user_name,
    acquiredAt: row.acquired_at,
    heartbeatAt: row.heartbeat_at,
  };
}

/** Why a lock no longer protects a running scan, or undefined while it does. */
function staleReason(holder: CatalogLockHolder, staleAfterMs: number): string | undefined {
  if (holder.host === hostname() && !processAlive(holder.pid)) {
    return `pid ${holder.pid} on ${holder.host} is gone`;
  }
  const age = Date.now() - Date.parse(holder.heartbeatAt);
  // An unreadable heartbeat (NaN) counts as stale: a lock must never stick forever.
  if (!(age <= staleAfterMs)) {
    return `its last heartbeat is ${duration(age)} old (stale after ${duration(staleAfterMs)})`;
  }
  return undefined;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

function lockedMessage(path: string, holder: CatalogLockHolder, staleAfterMs: number): string {
  const scan =
    holder.scanId === null ? 'another piimap (a scan starting, or a prune)' : `scan ${holder.scanId}`;
  const beat = Math.max(0, Date.now() - Date.parse(holder.heartbeatAt));
  return (
    `catalog ${path}: ${scan} is writing it (pid ${holder.pid} on ${holder.host}, user ${holder.user}, ` +
    `since ${holder.acquiredAt}, last heartbeat ${holder.heartbeatAt}, ${duration(beat)} ago); ` +
    `wait for it to finish — a lock whose process is gone, or whose heartbeat is older than ` +
    `${duration(staleAfterMs)}, is taken over by the next scan`
  );
}

function duration(ms: number): string {
  if (!Number.isFinite(ms)) return 'unknown';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = Math.round(ms / 1000);
  return seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
}
