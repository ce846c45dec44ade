/**
 * GBK text that did not decode to real characters. The WHATWG GBK decoder
 * (TextDecoder, strict) refuses broken multi-byte sequences, but maps a stray
 * 0xFF byte and every unassigned or user-defined code (A140–A7A0, AAA1–AFFE,
 * F8A1–FEFE …) to the Private Use Area without complaint: in a parcel name
 * those show as nothing, or as boxes, and were imported silently. No text a
 * planner types is in the Private Use Area, so such characters (and U+FFFD,
 * the replacement character a lenient decoder leaves) are reported.
 */
import type { ImportWarning, RawFeature } from './importResult';

const UNDECODABLE = /[\uE000-\uF8FF\uFFFD]/g;

/** How many characters of `text` stand for bytes that were not real GBK text. */
export function countUndecodable(text: string): number {
  return text.match(UNDECODABLE)?.length ?? 0;
}

/**
 * One warning per feature whose text properties hold undecodable characters
 * (naming the properties), and one for the file when attribute names do.
 */
export function undecodableTextWarnings(raw: readonly RawFeature[]): ImportWarning[] {
  const warnings: ImportWarning[] = [];
  const badNames = new Set<string>();
  raw.forEach((feature, featureIndex) => {
    const fields: string[] = [];
    for (const [name, value] of Object.entries(feature.properties)) {
      if (countUndecodable(name) > 0) badNames.add(name);
      if (typeof value === 'string' && countUndecodable(value) > 0) fields.push(name);
    }
    if (fields.length === 0) return;
    const warning: ImportWarning = { code: 'UNDECODABLE_TEXT', featureIndex, detail: `字段 fields: ${fields.join(', ')}` };
    if (feature.line !== undefined) warning.line = feature.line;
    warnings.push(warning);
  });
  if (badNames.size > 0) warnings.push({ code: 'UNDECODABLE_TEXT', detail: `属性名 attribute names: ${[...badNames].join(', ')}` });
  return warnings;
}
