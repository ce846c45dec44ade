/**
 * Sorting and totals of a target's drill-down rows (pure). Rows arrive in
 * tally order; the planner re-sorts by clicking a column. Ties keep the
 * tally order, and missing values (no year, no enterprise) sort last either way.
 */
import type { DrillParcel } from '../api/review';

export const DRILL_SORT_KEYS = ['name', 'areaMu', 'value', 'status', 'supplyYear', 'enterprise'] as const;
export type DrillSortKey = (typeof DRILL_SORT_KEYS)[number];
export type SortDirection = 'asc' | 'desc';

export interface DrillSort {
  key: DrillSortKey | null;
  direction: SortDirection;
}

/** Status order of the ledger's life cycle, so a status sort reads planned → in production. */
const STATUS_ORDER = ['planned', 'reserved', 'supplied', 'under_construction', 'in_production'];

type Comparable = string | number | null;

function sortValue(row: DrillParcel, key: DrillSortKey): Comparable {
  switch (key) {
    case 'status': {
      const rank = STATUS_ORDER.indexOf(row.status);
      return rank === -1 ? STATUS_ORDER.length : rank;
    }
    case 'enterprise':
      return row.enterprise?.trim() ? row.enterprise : null;
    default:
      return row[key];
  }
}

const collator = new Intl.Collator('zh-CN', { numeric: true });

function compareValues(a: Comparable, b: Comparable): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/** A new array sorted by `sort`; the input is not touched. */
export function sortDrillRows(rows: readonly DrillParcel[], sort: DrillSort): DrillParcel[] {
  const indexed = rows.map((row, index) => ({ row, index }));
  const { key } = sort;
  if (key === null) return [...rows];
  const sign = sort.direction === 'asc' ? 1 : -1;
  indexed.sort((x, y) => {
    const a = sortValue(x.row, key);
    const b = sortValue(y.row, key);
    if (a === null && b === null) return x.index - y.index;
    if (a === null) return 1;
    if (b === null) return -1;
    return sign * compareValues(a, b) || x.index - y.index;
  });
  return indexed.map((x) => x.row);
}

/** Clicking a column: a new column sorts descending for numbers, ascending for text; the same column flips. */
export function nextSort(current: DrillSort, key: DrillSortKey): DrillSort {
  if (current.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  const numeric = key === 'areaMu' || key === 'value' || key === 'supplyYear';
  return { key, direction: numeric ? 'desc' : 'asc' };
}

export interface DrillTotals {
  /** Sum of `value` over secured rows, in the target's unit (equals the tally's secured). */
  secured: number;
  pipeline: number;
  securedCount: number;
  pipelineCount: number;
  straddlingCount: number;
}

/** Sums in tally order, so floating-point addition matches the server's to the last bit. */
export function drillTotals(rows: readonly DrillParcel[]): DrillTotals {
  const totals: DrillTotals = { secured: 0, pipeline: 0, securedCount: 0, pipelineCount: 0, straddlingCount: 0 };
  for (const row of rows) {
    if (row.role === 'secured') {
      totals.secured += row.value;
      totals.securedCount += 1;
    } else {
      totals.pipeline += row.value;
      totals.pipelineCount += 1;
    }
    if (row.straddling) totals.straddlingCount += 1;
  }
  return totals;
}
