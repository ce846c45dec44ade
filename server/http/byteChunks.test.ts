import { describe, expect, it } from 'vitest';
import { ByteChunks } from './byteChunks';

describe('ByteChunks', () => {
  it('gives back exactly the UTF-8 of what was written, across chunk boundaries', () => {
    const out = new ByteChunks();
    const pieces: string[] = [];
    for (let i = 0; i < 5000; i++) {
      // One-byte, two-byte (地块), astral (𠀋) and long pieces, so chunks fill mid-way through every kind.
      const piece = i % 7 === 0 ? 'x'.repeat(70_000) : i % 3 === 0 ? `地块${i}𠀋` : `{"id":${i}}`;
      pieces.push(piece);
      out.write(piece);
    }
    const expected = Buffer.from(pieces.join(''), 'utf8');
    expect(out.byteLength).toBe(expected.length);
    expect(out.takeAll().equals(expected)).toBe(true);
    expect(out.byteLength).toBe(0);
    out.write('再来');
    expect(Buffer.concat(out.take()).toString('utf8')).toBe('再来');
  });
});
