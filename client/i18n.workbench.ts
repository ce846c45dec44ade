/** UI text for the workbench tools: search, labels and tooltips, measuring (merged into i18n.svelte.ts). */
import type { Bilingual } from './i18n.svelte';

export const WORKBENCH_MESSAGES = {
  search: { zh: '搜索', en: 'Search' },
  searchPlaceholder: { zh: '地块名称、编码、企业或拼音首字母', en: 'Parcel name, id, enterprise or pinyin initials' },
  searchResults: { zh: '搜索结果', en: 'Search results' },
  searchNone: { zh: '没有匹配的地块', en: 'No matching parcel' },
  searchFailed: { zh: '搜索失败，请重试', en: 'Search failed; try again' },
  searchSearching: { zh: '正在搜索…', en: 'Searching…' },
  searchMore: { zh: '另有更多结果，请输入更多文字', en: 'More results: type more to narrow them' },
  searchById: { zh: '编码', en: 'Id' },
  searchByInitials: { zh: '拼音首字母', en: 'Pinyin initials' },
  searchByEnterprise: { zh: '企业', en: 'Enterprise' },
} as const satisfies Record<string, Bilingual>;
