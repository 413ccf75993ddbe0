/** `piimap check` for people: one ✓/✗ line per source, then what to fix. */
import type { EstateCheck, SourceCheck } from './plan-records.js';
import { withoutSourcePrefix } from './source-message.js';

export function checkText(check: EstateCheck): string {
  return check.sources.map(sourceLines).join('');
}

function sourceLines(source: SourceCheck): string {
  const facts = [
    source.server !== undefined && `${source.server}${source.user !== undefined ? ` as ${source.user}` : ''}`,
    source.readOnly !== undefined && (source.readOnly ? 'read-only' : 'NOT read-only'),
    source.statementTimeoutMs !== undefined && timeout(source.statementTimeoutMs),
    source.assets !== undefined && `${source.assets.readable} of ${source.assets.total} assets readable`,
  ].filter((fact): fact is string => typeof fact === 'string');
  const head = `${source.ok ? '✓' : '✗'} ${source.source} (${source.kind})`;
  // Unreachable: the one problem is the line; otherwise the facts, and each problem below them.
  const problems = source.problems.map((problem) => withoutSourcePrefix(source.source, problem));
  const [first, ...rest] = facts.length > 0 ? ['', ...problems] : problems;
  const lines = [
    `${head}: ${facts.length > 0 ? facts.join(', ') : (first ?? 'reachable')}`,
    ...rest.map((problem) => `    ✗ ${problem}`),
    ...(source.assets?.unreadable ?? []).map(({ asset, detail }) => `      ${asset}: ${detail}`),
    ...source.warnings.map((warning) => `    ! ${warning}`),
  ];
  return `${lines.join('\n')}\n`;
}

function timeout(ms: number | null): string | false {
  if (ms === null) return false;
  if (ms === 0) return 'NO statement timeout';
  return `statement timeout ${ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`}`;
}
