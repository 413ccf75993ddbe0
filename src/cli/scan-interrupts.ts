/**
 * SIGINT/SIGTERM during a scan. The first signal stops the scan from taking new assets; assets in
 * flight finish and commit — or, if they are not done within GRACE_MS, the process exits and they
 * are absent (an asset commits in one transaction, which a timer cannot cut in two). Either way the
 * scan is recorded as `interrupted` and the exit code is 130 (SIGINT) or 143 (SIGTERM). A second
 * signal exits at once.
 */
import { ExitCode } from './exit-codes.js';

/** Leaves time to record the interruption within the 10 s an orchestrator usually grants. */
export const GRACE_MS = 8000;

export interface ScanInterrupts {
  signal: AbortSignal;
  /** The exit code of the signal received, if any. */
  exitCode(): number | undefined;
  dispose(): void;
}

/** `forceExit` runs when the grace time is over or a second signal comes: record, release, exit. */
export function scanInterrupts(forceExit: (exitCode: number) => void): ScanInterrupts {
  const controller = new AbortController();
  let received: number | undefined;
  const onSignal = (name: NodeJS.Signals) => {
    const code = name === 'SIGINT' ? ExitCode.sigint : ExitCode.sigterm;
    if (received !== undefined) {
      forceExit(received);
      return;
    }
    received = code;
    process.stderr.write(
      `piimap: ${name}: finishing the assets in flight (at most ${GRACE_MS / 1000} s), then stopping; send it again to stop now\n`,
    );
    controller.abort(name);
    setTimeout(() => forceExit(code), GRACE_MS).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    exitCode: () => received,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
