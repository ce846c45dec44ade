import { describe, expect, it } from 'vitest';
import { evaluateCql2, likeToRegExp, parseCql2Text, type QueryableKind } from './cql2';

const Q: Record<string, QueryableKind> = { status: 'string', supplyYear: 'integer', investmentYi: 'number', name: 'string' };
const parse = (text: string) => {
  const r = parseCql2Text(text, Q);
  if (!r.ok) throw new Error(r.reason);
  return r.expr;
};

describe('parseCql2Text', () => {
  it('AND binds tighter than OR; parentheses override', () => {
    expect(parse("status = 'a' OR status = 'b' AND supplyYear > 1")).toEqual({
      op: 'or',
      args: [
        { op: 'compare', comparison: '=', property: 'status', value: 'a' },
        { op: 'and', args: [{ op: 'compare', comparison: '=', property: 'status', value: 'b' }, { op: 'compare', comparison: '>', property: 'supplyYear', value: 1 }] },
      ],
    });
    expect(parse("(status = 'a' OR status = 'b') AND supplyYear > 1").op).toBe('and');
  });

  it('reads what QGIS writes: quoted identifiers, NOT in parentheses, IS NOT NULL, doubled quotes, negative numbers', () => {
    expect(parse(`(NOT ("status" = 'planned'))`)).toEqual({ op: 'not', arg: { op: 'compare', comparison: '=', property: 'status', value: 'planned' } });
    expect(parse('(supplyYear IS NOT NULL)')).toEqual({ op: 'not', arg: { op: 'isNull', property: 'supplyYear' } });
    expect(parse("name = 'O''Brien'")).toMatchObject({ value: "O'Brien" });
    expect(parse('investmentYi >= -1.5')).toMatchObject({ value: -1.5 });
    expect(parse("status not in ('a','b')")).toEqual({ op: 'not', arg: { op: 'in', property: 'status', values: ['a', 'b'] } });
    expect(parse('supplyYear BETWEEN 2020 AND 2023')).toEqual({ op: 'between', property: 'supplyYear', low: 2020, high: 2023 });
  });

  it.each([
    ['', /empty filter/],
    ['owner = 1', /owner is not a queryable/],
    ["supplyYear = '2023'", /is a number/],
    ["status < 'b'", /numeric queryables/],
    ['status LIKE 5', /is text/],
    ['supplyYear LIKE 5', /LIKE applies to text/],
    ["status = 'a' status", /unexpected status/],
    ['status IS 5', /expected NULL/],
    ['(((((((((((((((((((((((((((((((((((((((((((((((((((((status = 1', /nests too deeply/],
  ])('%s is refused: %s', (text, reason) => {
    const r = parseCql2Text(text, Q);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
});

describe('evaluateCql2', () => {
  it('follows SQL three-valued logic: a comparison with null is unknown, and so is its negation', () => {
    const p = { status: null, supplyYear: 2024 };
    expect(evaluateCql2(parse("status = 'a'"), p)).toBeNull();
    expect(evaluateCql2(parse("NOT status = 'a'"), p)).toBeNull();
    expect(evaluateCql2(parse("status = 'a' OR supplyYear = 2024"), p)).toBe(true);
    expect(evaluateCql2(parse("status = 'a' AND supplyYear = 2023"), p)).toBe(false);
    expect(evaluateCql2(parse('status IS NULL'), p)).toBe(true);
  });

  it('LIKE is case-sensitive with % and _ wildcards and backslash escapes', () => {
    expect(likeToRegExp('A_c%').test('Abcdef')).toBe(true);
    expect(likeToRegExp('a_c%').test('Abcdef')).toBe(false);
    expect(likeToRegExp('100\\%').test('100%')).toBe(true);
    expect(likeToRegExp('100\\%').test('1000')).toBe(false);
    expect(likeToRegExp('a.b').test('axb')).toBe(false);
  });
});
