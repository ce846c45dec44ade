import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planWithTargetsSchema, targetDefinitionSchema } from './target.schema';
import { tallyTarget } from './tally';
import { FIGURE_WORDS, figureStatement, figureWithWord, wordAround, levelWording, TALLY_ROLE_LABELS, TARGET_LEVEL_LABELS, TARGET_LEVELS } from './targetWords';

describe('the level dictionary', () => {
  it('names each level in both languages, English as the plan means it and never "floor"', () => {
    expect(TARGET_LEVEL_LABELS).toEqual({
      ensure: { zh: '确保', en: 'must reach' },
      strive: { zh: '力争', en: 'aim for' },
      plain: { zh: '目标', en: 'target' },
    });
    for (const level of TARGET_LEVELS) expect(TARGET_LEVEL_LABELS[level].en).not.toMatch(/floor|stretch/i);
  });

  it('the secured and pipeline groups carry the dashboard’s words', () => {
    expect(TALLY_ROLE_LABELS.secured).toEqual({ zh: '已落实', en: 'Secured' });
    expect(TALLY_ROLE_LABELS.pipeline).toEqual({ zh: '储备/规划', en: 'Pipeline' });
  });

  it('puts the plan’s qualifier where Chinese writes it, and its English gloss', () => {
    expect(figureWithWord('5,000.0 亩', '以上', 'zh')).toBe('5,000.0 亩以上');
    expect(figureWithWord('5,000.0 mu', '以上', 'en')).toBe('5,000.0 mu or more');
    expect(figureWithWord('150.00 亿元', '突破', 'zh')).toBe('突破 150.00 亿元');
    expect(figureWithWord('150.00 100M yuan', '突破', 'en')).toBe('over 150.00 100M yuan');
    expect(figureWithWord('1,500.0 mu', '达到', 'en')).toBe('1,500.0 mu');
    expect(figureWithWord('3 座', null, 'zh')).toBe('3 座');
    expect(wordAround('以上', 'zh')).toEqual({ before: '', after: '以上' });
    expect(wordAround('超过', 'en')).toEqual({ before: 'more than ', after: '' });
  });

  it('states a figure with its level first', () => {
    expect(figureStatement('strive', '突破', '150.00 亿元', 'zh')).toBe('力争 突破 150.00 亿元');
    expect(figureStatement('strive', '突破', '150.00 100M yuan', 'en')).toBe('aim for over 150.00 100M yuan');
    expect(figureStatement('plain', '以上', '5,000.0 mu', 'en')).toBe('target 5,000.0 mu or more');
    expect(figureStatement('ensure', null, '500.00 亿元', 'zh')).toBe('确保 500.00 亿元');
  });

  it('words a level with its qualifier as one phrase', () => {
    expect(levelWording('strive', '突破')).toEqual({ zh: '力争突破', en: 'aim for (over)' });
    expect(levelWording('strive', '达到')).toEqual({ zh: '力争达到', en: 'aim for' });
    expect(levelWording('ensure', null)).toEqual({ zh: '确保', en: 'must reach' });
    expect(levelWording('plain', '以上')).toEqual({ zh: '…以上', en: 'target (or more)' });
    expect(levelWording('plain', null)).toEqual({ zh: '目标', en: 'target' });
    expect(levelWording('ensure', '以上')).toEqual({ zh: '确保…以上', en: 'must reach (or more)' });
    for (const word of FIGURE_WORDS) expect(levelWording('plain', word).zh).toContain(word);
  });
});

describe('the level on a target definition', () => {
  const stored = { code: 'T', labelZh: '甲', labelEn: 'A', metric: 'land_mu', securedStatuses: ['supplied'], floor: 10, stretch: 12 };

  it('a definition stored before levels existed reads as before: floor 确保, stretch 力争, no qualifier', () => {
    expect(targetDefinitionSchema.parse(stored)).toMatchObject({ floorLevel: 'ensure', floorWordZh: null, stretchLevel: 'strive', stretchWordZh: null });
  });

  it('keeps a level and word that are given, and refuses ones outside the dictionary', () => {
    expect(targetDefinitionSchema.parse({ ...stored, floorLevel: 'plain', floorWordZh: '以上' })).toMatchObject({ floorLevel: 'plain', floorWordZh: '以上' });
    expect(targetDefinitionSchema.safeParse({ ...stored, floorLevel: 'floor' }).success).toBe(false);
    expect(targetDefinitionSchema.safeParse({ ...stored, floorWordZh: '左右' }).success).toBe(false);
  });

  it('the tally carries the level of each figure', () => {
    const t = targetDefinitionSchema.parse({ ...stored, floorLevel: 'ensure', floorWordZh: '突破', stretchLevel: 'strive', stretchWordZh: '达到' });
    expect(tallyTarget(t, [])).toMatchObject({ floorLevel: 'ensure', floorWordZh: '突破', stretchLevel: 'strive', stretchWordZh: '达到' });
  });

  it('the seeded plan words the three parks 力争 and only 工业总产值 确保, as §三(三), §三(五)1 and §二 do', () => {
    const raw = JSON.parse(readFileSync(join(import.meta.dirname, '../geodata/plans.json'), 'utf8')) as { plans: unknown[] };
    const targets = planWithTargetsSchema.parse(raw.plans[0]).targets;
    const parks = targets.filter((t) => /^B[123]\./.test(t.code));
    expect(parks).toHaveLength(9);
    for (const t of parks) expect(t.floorLevel, t.code).toBe('strive');
    expect(parks.filter((t) => t.metric !== 'land_mu').every((t) => t.floorWordZh === '突破')).toBe(true);
    expect(targets.filter((t) => t.floorLevel === 'ensure').map((t) => t.code)).toEqual(['D1']);
    expect(targets.find((t) => t.code === 'D1')).toMatchObject({ floor: 500, floorWordZh: '突破', stretch: 600, stretchLevel: 'strive', stretchWordZh: '达到' });
    expect(targets.find((t) => t.code === 'A0')).toMatchObject({ floorLevel: 'plain', floorWordZh: '以上' });
  });
});
