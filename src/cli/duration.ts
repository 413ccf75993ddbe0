import { UsageError } from '../shared/errors.js';

const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** `90s`, `45m`, `2h`, `30d` (a number and a unit; decimals allowed) as milliseconds. */
export function parseDuration(value: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([smhd])$/i.exec(value.trim());
  if (match === null)
    throw new UsageError(
      `${flag}: "${value}" is not a duration; write a number and a unit, e.g. 2h, 30d, 45m, 90s`,
    );
  return Math.round(Number(match[1]) * (UNIT_MS[(match[2] as string).toLowerCase()] as number));
}
