import { describe, expect, it } from 'vitest';
import { placeLabels, type LabelCandidate } from './labelPlacement';

const box = (item: string, x: number, y: number, priority: number): LabelCandidate<string> => ({ item, x, y, widthPx: 20, heightPx: 10, priority });

describe('placeLabels', () => {
  it('keeps every label that has room', () => {
    const { placed, dropped } = placeLabels([box('a', 0, 0, 1), box('b', 30, 0, 1), box('c', 0, 20, 1)]);
    expect(placed.map((c) => c.item).sort()).toEqual(['a', 'b', 'c']);
    expect(dropped).toEqual([]);
  });

  it('drops the smaller of two overlapping labels, across grid cells too', () => {
    const { placed, dropped } = placeLabels([box('small', 23, 5, 1), box('big', 30, 8, 9), box('apart', 80, 80, 0)]);
    expect(placed.map((c) => c.item)).toEqual(['big', 'apart']);
    expect(dropped.map((c) => c.item)).toEqual(['small']);
  });

  it('places 200,000 crowded labels quickly and never two overlapping', () => {
    const many = Array.from({ length: 200_000 }, (_, i) => box(String(i), (i * 7919) % 640, (i * 104_729) % 520, i % 97));
    const started = performance.now();
    const { placed } = placeLabels(many);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(placed.length).toBeGreaterThan(100);
    const clashes: string[] = [];
    for (let i = 0; i < placed.length; i++)
      for (let j = i + 1; j < placed.length; j++) {
        const [a, b] = [placed[i]!, placed[j]!];
        if (Math.abs(a.x - b.x) * 2 < 20 && Math.abs(a.y - b.y) * 2 < 10) clashes.push(`${a.item} vs ${b.item}`);
      }
    expect(clashes).toEqual([]);
  });
});
