/**
 * The batch's shared JSON must be JSON.stringify's text exactly: the pooled
 * checks' look-up keys are hashed from it on one side (the store, inside the
 * batch) and from JSON.stringify on the other (results added before it), so
 * any difference would be a miss on every row. And a pause gives the event
 * loop a turn only once a slice has run.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BatchWrite, batchEvents, jsonOf } from './batchWrite';

describe('jsonOf', () => {
  it('equals JSON.stringify for any JSON-like value, arrays with undefined elements included', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.array(fc.option(fc.jsonValue(), { nil: undefined })), (value, list) => {
        expect(jsonOf(value)).toBe(JSON.stringify(value));
        expect(jsonOf(list)).toBe(JSON.stringify(list));
      }),
    );
  });

  it('equals JSON.stringify for a batch’s constraints, whose text it keeps', () => {
    const batch = new BatchWrite();
    const rows = [
      { id: 2, name: '城镇开发边界', kind: 'urban_development_boundary', geometry: JSON.stringify({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }) },
      { id: 1, name: '生态保护红线', kind: 'ecological_red_line', geometry: JSON.stringify({ type: 'Polygon', coordinates: [[[0.5, 0.5], [0.6, 0.5], [0.6, 0.6], [0.5, 0.5]]] }) },
    ];
    const shapes = rows.map((r) => batch.constraint(r));
    // Read again (new row objects, same content): the same parsed shapes.
    expect(rows.map((r) => batch.constraint({ ...r }))).toEqual(shapes);
    expect(batch.constraint({ ...rows[0]! })).toBe(shapes[0]);
    expect(jsonOf(shapes)).toBe(JSON.stringify(shapes));
    expect(jsonOf([shapes[1], undefined, shapes[0]])).toBe(JSON.stringify([shapes[1], undefined, shapes[0]]));
  });
});

describe('BatchWrite.pause', () => {
  it('returns at once within the slice, and gives the loop a turn once the slice has run', async () => {
    let turns = 0;
    const count = () => turns++;
    batchEvents.on('pause', count);
    try {
      const long = new BatchWrite(Infinity);
      for (let i = 0; i < 100; i++) await long.pause();
      expect(turns).toBe(0);
      const short = new BatchWrite(0);
      let timerRan = false;
      setImmediate(() => (timerRan = true));
      await short.pause();
      expect(turns).toBe(1);
      expect(timerRan).toBe(true);
    } finally {
      batchEvents.off('pause', count);
    }
  });
});
