import { describe, expect, it } from 'vitest';
import { checkZoneForm } from './zoneForm';

describe('zone form', () => {
  it('gives the properties to save without the seed flag', () => {
    expect(checkZoneForm({ code: 'C9', nameZh: '测试片区', nameEn: 'Test zone', kind: 'other' })).toEqual({
      ok: true,
      properties: { code: 'C9', nameZh: '测试片区', nameEn: 'Test zone', kind: 'other' },
    });
  });

  it('refuses a code with spaces and blank names, in both languages', () => {
    const check = checkZoneForm({ code: 'C 9', nameZh: '', nameEn: 'x', kind: 'other' });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(Object.keys(check.errors).sort()).toEqual(['code', 'nameZh']);
    expect(check.errors.code?.zh).toContain('字母');
    expect(check.errors.code?.en).toContain('letters');
  });
});
