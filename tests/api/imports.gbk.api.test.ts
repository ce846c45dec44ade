/**
 * Invalid GBK bytes are reported in the import preview, in Chinese and
 * English, on the feature that holds them — not dropped silently.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { addUsers } from '../support/users';
import { upload } from '../support/importClient';

let t: TestDatabase;
let app: ReturnType<typeof createApp>;
let auth: Awaited<ReturnType<typeof addUsers>>;

beforeAll(async () => {
  t = await createTestDatabase();
  app = createApp(t.db);
  auth = await addUsers(t.db);
});
afterAll(async () => t.dispose());

describe('POST /api/imports with GBK that is not text', () => {
  it('the preview says which feature and field hold undecodable characters (zh/en); clean rows say nothing', async () => {
    const ascii = (s: string) => [...new TextEncoder().encode(s)];
    const square = (x: number) => `"POLYGON((${x} 28.97,${x + 0.001} 28.97,${x + 0.001} 28.971,${x} 28.97))"`;
    // 地块 in GBK (B5 D8 BF E9), then a stray 0xFF and an unassigned code (A1 40) in the second row.
    const bytes = new Uint8Array([
      ...ascii('name,wkt\r\n'),
      0xb5, 0xd8, 0xbf, 0xe9, ...ascii(`,${square(106.9)}\r\n`),
      0xb5, 0xd8, 0xff, 0xa1, 0x40, ...ascii(`,${square(106.95)}\r\n`),
    ]);
    const res = await upload(app, auth.editor, 'gbk.csv', bytes);
    expect(res.status).toBe(201);
    const preview = await res.json();
    expect(preview.encoding).toBe('gbk');
    const codes = (i: number) => preview.features[i].validation.warnings.map((w: any) => w.code);
    expect(codes(0)).not.toContain('UNDECODABLE_TEXT');
    const warning = preview.features[1].validation.warnings.find((w: any) => w.code === 'UNDECODABLE_TEXT');
    expect(warning).toBeDefined();
    expect(warning.messageZh).toMatch(/GBK/);
    expect(warning.messageEn).toMatch(/GBK/);
    expect(warning.detail).toContain('name');
  });
});
