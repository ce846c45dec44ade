/**
 * The words a target is reported in: one dictionary for the dashboard, the
 * completion report (HTML, XLSX, CSV), the admin form and the API.
 *
 * A plan states each figure at a level. 确保 ("ensure") is a commitment the
 * zone must reach; 力争 ("strive for") is a figure it aims for; a figure
 * stated with neither is plain, often qualified by 以上 ("or more"), 突破 or
 * 超过 ("over"), 达到 ("reach"). 万盛经开发〔2023〕3号 words the three parks'
 * land, investment and output 力争 (§三(三)) and pairs 确保 with 力争 only
 * for 工业总产值 (§二); printing every figure as 确保 claimed a commitment
 * the planners never signed. English never says "floor": next to "factory
 * floor area" it reads as a building's floor.
 *
 * The tally splits counted parcels into two groups, secured and pipeline;
 * their names live here too, so the report says what the dashboard says.
 */
import { z } from 'zod';

type Words = { zh: string; en: string };

export const TARGET_LEVELS = ['ensure', 'strive', 'plain'] as const;
export type TargetLevel = (typeof TARGET_LEVELS)[number];

export const TARGET_LEVEL_LABELS: Record<TargetLevel, Words> = {
  ensure: { zh: '确保', en: 'must reach' },
  strive: { zh: '力争', en: 'aim for' },
  plain: { zh: '目标', en: 'target' },
};

/**
 * The plan's qualifier beside a figure. `after`: written after the figure in
 * Chinese (5000亩以上), otherwise before it (突破150亿元). `en` is empty when
 * English needs no word (达到 1500 亩 is simply 1,500 mu).
 */
export const FIGURE_WORDS = ['以上', '突破', '超过', '达到'] as const;
export type FigureWord = (typeof FIGURE_WORDS)[number];

export const FIGURE_WORD_TEXT: Record<FigureWord, { en: string; after: boolean }> = {
  以上: { en: 'or more', after: true },
  突破: { en: 'over', after: false },
  超过: { en: 'more than', after: false },
  达到: { en: '', after: false },
};

/**
 * What a definition stored before levels existed reads as: the floor was
 * shown as 确保 and the stretch as 力争, so they keep reading that way until
 * an admin sets the plan's word.
 */
export const DEFAULT_FLOOR_LEVEL: TargetLevel = 'ensure';
export const DEFAULT_STRETCH_LEVEL: TargetLevel = 'strive';

/** The level fields of a target definition (and of its served tally), each optional with the default above. */
export const figureLevelFields = {
  /** The plan's level word for the floor figure. */
  floorLevel: z.enum(TARGET_LEVELS).default(DEFAULT_FLOOR_LEVEL),
  /** The plan's qualifier of the floor figure (以上, 突破…), null when it has none. */
  floorWordZh: z.enum(FIGURE_WORDS).nullable().default(null),
  /** The plan's level word for the stretch figure, where there is one. */
  stretchLevel: z.enum(TARGET_LEVELS).default(DEFAULT_STRETCH_LEVEL),
  stretchWordZh: z.enum(FIGURE_WORDS).nullable().default(null),
};

export interface FigureLevels {
  floorLevel: TargetLevel;
  floorWordZh: FigureWord | null;
  stretchLevel: TargetLevel;
  stretchWordZh: FigureWord | null;
}

/** The plan's qualifier split around a figure, in one language: 突破 → before "突破 ", 以上 → after "以上" (en " or more"). */
export function wordAround(word: FigureWord | null, lang: 'zh' | 'en'): { before: string; after: string } {
  if (word === null) return { before: '', after: '' };
  const text = FIGURE_WORD_TEXT[word];
  const said = lang === 'zh' ? word : text.en;
  if (said === '') return { before: '', after: '' };
  if (text.after) return { before: '', after: lang === 'zh' ? said : ` ${said}` };
  return { before: `${said} `, after: '' };
}

/** A formatted figure (with its unit) with the plan's qualifier: "5,000.0 亩以上", "突破 150.00 亿元", "over 150.00 100M yuan". */
export function figureWithWord(figureText: string, word: FigureWord | null, lang: 'zh' | 'en'): string {
  const { before, after } = wordAround(word, lang);
  return `${before}${figureText}${after}`;
}

/**
 * The level and qualifier as one phrase, for a table cell without the figure:
 * zh 力争突破, 确保, …以上 (plain, the figure goes where … is), 目标 (plain, no
 * word); en "aim for (over)", "must reach", "target (or more)".
 */
export function levelWording(level: TargetLevel, word: FigureWord | null): Words {
  const label = TARGET_LEVEL_LABELS[level];
  const lead = level === 'plain' ? '' : label.zh;
  let zh = lead === '' ? label.zh : lead;
  if (word !== null) zh = FIGURE_WORD_TEXT[word].after ? `${lead}…${word}` : `${lead}${word}`;
  const en = word !== null && FIGURE_WORD_TEXT[word].en !== '' ? `${label.en} (${FIGURE_WORD_TEXT[word].en})` : label.en;
  return { zh, en };
}

/** The two groups a tally counts parcels (and stations) in; the dashboard's words. */
export const TALLY_ROLES = ['secured', 'pipeline'] as const;
export type TallyRole = (typeof TALLY_ROLES)[number];

export const TALLY_ROLE_LABELS: Record<TallyRole, Words> = {
  secured: { zh: '已落实', en: 'Secured' },
  pipeline: { zh: '储备/规划', en: 'Pipeline' },
};

/** "已落实 Secured": a table header in both languages. */
export function bothLanguages(label: Words): string {
  return `${label.zh} ${label.en}`;
}

/** A figure as a sentence names it: "力争 突破 150.00 亿元", "target 5,000.0 mu or more". */
export function figureStatement(level: TargetLevel, word: FigureWord | null, figureText: string, lang: 'zh' | 'en'): string {
  return `${TARGET_LEVEL_LABELS[level][lang]} ${figureWithWord(figureText, word, lang)}`;
}
