import { describe, expect, it } from 'vitest';
import { matchEntry, normalizeQuery, searchEntries, type SearchEntry } from './search';

const entry = (id: number, name: string, nameInitials: string, enterprise: string | null = null, enterpriseInitials: string | null = null): SearchEntry =>
  Object.freeze({ id, name, nameInitials, enterprise, enterpriseInitials });

const PARCELS: readonly SearchEntry[] = Object.freeze([
  entry(11, '鱼田堡-11 工业储备用地', 'ytb11gycbyd'),
  entry(13, '鱼田堡-13 锂电正极材料项目用地', 'ytb13ldzjclxmyd', '示例凉风储能科技有限公司', 'sllfcnkjyxgs'),
  entry(105, '储能基地-05 储能电芯项目用地', 'cnjd05cndxxmyd', '示例关坝电池科技有限公司', 'slgbdckjyxgs'),
  entry(7, '无水港-07 冷链物流项目用地', 'wsg07lllwxmyd'),
]);

describe('normalizeQuery', () => {
  it('turns full-width IME input into half-width lower case and trims', () => {
    expect(normalizeQuery('  ＹＴＢ　１１ ')).toBe('ytb 11');
  });
});

describe('matchEntry', () => {
  it('matches a part of a name', () => {
    expect(matchEntry('锂电', PARCELS[1]!)).toEqual({ field: 'name', rank: 3 });
  });
  it('matches pinyin initials, ignoring hyphens and spaces in the query', () => {
    expect(matchEntry('ytb', PARCELS[0]!)?.field).toBe('nameInitials');
    expect(matchEntry('cnjd-05', PARCELS[2]!)?.field).toBe('nameInitials');
  });
  it('matches an id typed in full, with or without #, but not a part of it', () => {
    expect(matchEntry('105', PARCELS[2]!)).toEqual({ field: 'id', rank: 0 });
    expect(matchEntry('#105', PARCELS[2]!)?.field).toBe('id');
    expect(matchEntry('10', PARCELS[2]!)).toBeNull();
  });
  it('matches the enterprise by part and by initials', () => {
    expect(matchEntry('关坝', PARCELS[2]!)?.field).toBe('enterprise');
    expect(matchEntry('lfcn', PARCELS[1]!)?.field).toBe('enterpriseInitials');
  });
  it('needs two letters before initials match', () => {
    expect(matchEntry('y', PARCELS[0]!)).toBeNull();
  });
});

describe('searchEntries', () => {
  it('ranks an exact id first, then names, then initials, and counts all hits', () => {
    const many = [...PARCELS, entry(5, '测试 5 号', 'cs5h'), entry(50, '五十', 'ws')];
    const { hits, total } = searchEntries('5', many, 10);
    expect(hits[0]!.entry.id).toBe(5);
    expect(total).toBe(hits.length);
    expect(hits.map((h) => h.match.rank)).toEqual([...hits.map((h) => h.match.rank)].sort((a, b) => a - b));
  });
  it('keeps only the best `limit` hits but reports the total', () => {
    const many = Array.from({ length: 1000 }, (_, i) => entry(i + 1, `示例地籍-${i + 1}`, `sldj${i + 1}`));
    const { hits, total } = searchEntries('sldj', many, 5);
    expect(total).toBe(1000);
    expect(hits.map((h) => h.entry.id)).toEqual([1, 2, 3, 4, 5]);
  });
  it('finds nothing for an empty query', () => {
    expect(searchEntries('  ', PARCELS, 10)).toEqual({ hits: [], total: 0 });
  });
});
