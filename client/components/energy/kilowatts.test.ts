import { describe, expect, it } from 'vitest';
import { formatKilowatts, formatMegawatts, formatShare } from './kilowatts';

describe('energy figures', () => {
  it('writes whole kW with separators, MW to 0.1 and shares to 0.1 %', () => {
    expect(formatKilowatts(869644.74, 'en-US')).toBe('869,645 kW');
    expect(formatMegawatts(45, 'zh-CN')).toBe('45.0 MW');
    expect(formatShare(326979.5, 45000, 'en-US')).toBe('726.6%');
    expect(formatShare(1, 0, 'en-US')).toBe('—');
  });
});
