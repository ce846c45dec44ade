import { describe, expect, it } from 'vitest';
import { tabAfterKey } from './tabKeys';

const TABS = Object.freeze(['a', 'b', 'c'] as const);

describe('tabAfterKey', () => {
  it('moves with the arrows and wraps at both ends', () => {
    expect(tabAfterKey(TABS, 'a', 'ArrowRight')).toBe('b');
    expect(tabAfterKey(TABS, 'c', 'ArrowRight')).toBe('a');
    expect(tabAfterKey(TABS, 'a', 'ArrowLeft')).toBe('c');
  });
  it('jumps with Home and End, and ignores other keys', () => {
    expect(tabAfterKey(TABS, 'b', 'Home')).toBe('a');
    expect(tabAfterKey(TABS, 'b', 'End')).toBe('c');
    expect(tabAfterKey(TABS, 'b', 'Enter')).toBeNull();
  });
});
