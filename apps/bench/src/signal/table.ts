// Plain-text tables for the signaling benches' console output: one layout
// for every table, and one for the targets each bench checks.

export type TargetStatus = 'PASS' | 'MISS' | 'n/a';

/** One target of an issue, judged on one scenario's figures. */
export interface TargetCheck {
  target: string;
  scenario: string;
  status: TargetStatus;
  measured: string;
}

/** Aligns rows into columns: the first left-aligned (names), the rest right-aligned (figures). */
export function alignColumns(rows: string[][]): string {
  const widths = (rows[0] ?? []).map((_, col) =>
    Math.max(...rows.map((row) => (row[col] ?? '').length)),
  );
  return rows
    .map((row) =>
      row
        .map((cell, col) =>
          col === 0 ? cell.padEnd(widths[col] ?? 0) : cell.padStart(widths[col] ?? 0),
        )
        .join('  '),
    )
    .join('\n');
}

export function formatTargets(checks: readonly TargetCheck[]): string {
  return alignColumns(checks.map((c) => [c.target, c.scenario, c.status, c.measured]));
}
