import { describe, expect, it } from 'vitest';
import { defuseSpreadsheetText, restoreSpreadsheetText } from './spreadsheetText';

describe('defuseSpreadsheetText', () => {
  it('prefixes text a spreadsheet would run as a formula', () => {
    for (const attack of ['=HYPERLINK("http://evil","x")', "+cmd|' /C calc'!A0", '-2+3+cmd|x', '@SUM(1+1)*cmd|x', '\t=1+1', '\r=1+1', '-', '+']) {
      expect(defuseSpreadsheetText(attack)).toBe(`'${attack}`);
    }
  });

  it('leaves ordinary text and numbers written as text alone', () => {
    for (const safe of ['万盛储能电芯厂', 'A=B', '', '-12.5', '+3', '-1e5', '12%', '-0.5%', '100102']) {
      expect(defuseSpreadsheetText(safe)).toBe(safe);
    }
  });

  it('round-trips through restoreSpreadsheetText', () => {
    for (const text of ['=1+1', "'=already quoted", 'plain', '-12', "'plain"]) {
      expect(restoreSpreadsheetText(defuseSpreadsheetText(text))).toBe(text);
    }
  });
});
