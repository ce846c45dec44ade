import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeUnknownText, encodeGbk, encodingFromLabel, TextEncodingError } from './textEncoding';

const SAMPLE = '万盛经开区 鱼田堡高新技术产业园 关坝—扶欢循环经济产业园 二类工业用地 “地块” ①②③ ㎡ ￥100，。；：';

describe('GBK without iconv-lite', () => {
  it('encodes exactly as iconv-lite does', () => {
    expect(encodeGbk(SAMPLE)).toEqual(new Uint8Array(iconv.encode(SAMPLE, 'gbk')));
  });

  it('encodes every CJK unified ideograph GBK has as iconv-lite does', () => {
    let text = '';
    for (let cp = 0x4e00; cp <= 0x9fa5; cp++) text += String.fromCodePoint(cp);
    expect(encodeGbk(text)).toEqual(new Uint8Array(iconv.encode(text, 'gbk')));
  });

  it('refuses characters GBK lacks', () => {
    expect(() => encodeGbk('地块🏭')).toThrow(TextEncodingError);
  });
});

describe('decodeUnknownText', () => {
  it('prefers a BOM, then strict UTF-8, then GBK', () => {
    expect(decodeUnknownText(new Uint8Array([0xef, 0xbb, 0xbf, 0xe5, 0x9c, 0xb0]))).toEqual({ text: '地', encoding: 'utf-8' });
    expect(decodeUnknownText(new TextEncoder().encode(SAMPLE))).toEqual({ text: SAMPLE, encoding: 'utf-8' });
    expect(decodeUnknownText(new Uint8Array(iconv.encode(SAMPLE, 'gbk')))).toEqual({ text: SAMPLE, encoding: 'gbk' });
  });

  it('reports BAD_ENCODING when no candidate is accepted', () => {
    expect(() => decodeUnknownText(new TextEncoder().encode('abc'), () => false)).toThrow(/neither UTF-8 nor GBK/);
  });

  it('maps .cpg labels', () => {
    expect(encodingFromLabel('UTF-8')).toBe('utf-8');
    expect(encodingFromLabel('65001')).toBe('utf-8');
    expect(encodingFromLabel('ANSI 936')).toBe('gbk');
    expect(encodingFromLabel('GB2312\r\n')).toBe('gbk');
    expect(encodingFromLabel('1252')).toBeNull();
  });
});
