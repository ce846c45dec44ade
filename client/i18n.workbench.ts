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
  measureTools: { zh: '量测', en: 'Measure' },
  measureDistance: { zh: '测距', en: 'Distance' },
  measureArea: { zh: '测面积', en: 'Area' },
  measureFinish: { zh: '完成', en: 'Finish' },
  measureUndo: { zh: '撤销上一点', en: 'Undo point' },
  measureClose: { zh: '关闭量测', en: 'Close measuring' },
  measureHintDistance: { zh: '单击地图添加点，双击结束；靠近地块角点时自动吸附。', en: 'Click to add points, double-click to finish; points snap to parcel corners nearby.' },
  measureHintArea: { zh: '单击添加顶点，双击或点回第一个点结束；靠近地块角点时自动吸附。', en: 'Click to add corners; double-click or click the first one to finish. Corners snap to parcel vertices nearby.' },
  measureLength: { zh: '长度', en: 'Length' },
  measurePerimeter: { zh: '周长', en: 'Perimeter' },
  measureAreaLabel: { zh: '面积', en: 'Area' },
  measureEllipsoid: { zh: 'CGCS2000 椭球面计算', en: 'Computed on the CGCS2000 ellipsoid' },
  muUnit: { zh: '亩', en: 'mu' },
} as const satisfies Record<string, Bilingual>;
