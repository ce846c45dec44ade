import { describe, expect, it } from 'vitest';
import { contentDisposition, encodeRfc5987 } from './contentDisposition';
import { escapeHtml, html } from './escapeHtml';
import { toCsv } from './report.csv';

describe('escapeHtml and the html template', () => {
  it('escapes the five significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;');
  });

  it('escapes every interpolation, including arrays, but not nested html', () => {
    const name = '<b>地块</b>';
    expect(html`<td>${name}</td>`.value).toBe('<td>&#60;b&#62;地块&#60;/b&#62;</td>');
    expect(html`<ul>${['<i>', html`<li>${'&'}</li>`]}</ul>`.value).toBe('<ul>&#60;i&#62;<li>&#38;</li></ul>');
    expect(html`${null}${undefined}${false}${0}`.value).toBe('0');
  });
});

describe('CSV and Content-Disposition', () => {
  it('quotes per RFC 4180 and starts with a BOM', () => {
    expect(toCsv([['a,b', 'say "hi"', 'line\nbreak', 3, null]])).toBe('\uFEFF"a,b","say ""hi""","line\nbreak",3,\r\n');
  });

  it('encodes the Chinese name per RFC 5987 beside an ASCII fallback', () => {
    expect(encodeRfc5987("报告 (1)'*.csv")).toBe('%E6%8A%A5%E5%91%8A%20%281%29%27%2A.csv');
    expect(contentDisposition('attachment', 'r é.csv', '规划/报告.csv')).toBe(`attachment; filename="r__.csv"; filename*=UTF-8''%E8%A7%84%E5%88%92_%E6%8A%A5%E5%91%8A.csv`);
  });
});
