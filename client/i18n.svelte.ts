/**
 * UI language: Chinese first, English on request. The choice is kept in
 * localStorage so a planner who switches to English stays in English.
 * Domain label tables ({ zh, en } records) are read with `pick`.
 */
import { ADMIN_DRAWING_MESSAGES } from './i18n.adminDrawing';
import { EDITING_MESSAGES } from './i18n.editing';
import { IMPORT_EXPORT_MESSAGES } from './i18n.importExport';
import { ENERGY_MESSAGES } from './i18n.energy';
import { ENTERPRISE_MESSAGES } from './i18n.enterprises';
import { REVIEW_MESSAGES } from './i18n.review';
import { TOKEN_MESSAGES } from './i18n.tokens';
import { WORKBENCH_MESSAGES } from './i18n.workbench';
import { BULK_MESSAGES } from './i18n.bulk';
import { PRINT_MESSAGES } from './i18n.print';
import type { ZoneKind } from '$domain/zone.schema';
import { TALLY_ROLE_LABELS } from '$domain/targetWords';

export type Lang = 'zh' | 'en';

export interface Bilingual {
  zh: string;
  en: string;
}

const STORAGE_KEY = 'landLedger.lang';

const DICTIONARY = {
  appTitle: { zh: '园区用地与能源一张图', en: 'Land Ledger · Park Land & Energy Map' },
  appSubtitle: { zh: '万盛经开区 · Land Ledger', en: 'Wansheng ETDZ, Chongqing' },
  switchLanguage: { zh: 'English', en: '中文' },
  switchLanguageLabel: { zh: 'Switch to English', en: '切换到中文' },
  illustrativeBadge: { zh: '示例数据 Illustrative data', en: '示例数据 Illustrative data' },
  illustrativeExplain: {
    zh: '地图与统计使用示例几何，不是官方边界；导入正式数据后此提示消失。',
    en: 'Map and tallies use illustrative geometry, not official boundaries; this notice goes away once official data is imported.',
  },
  plan: { zh: '规划', en: 'Plan' },
  planSelect: { zh: '选择规划', en: 'Select plan' },
  planPeriod: { zh: '规划期', en: 'Plan period' },
  planSource: { zh: '依据', en: 'Source' },
  loading: { zh: '正在加载…', en: 'Loading…' },
  retry: { zh: '重试', en: 'Retry' },
  refresh: { zh: '刷新', en: 'Refresh' },
  tabDashboard: { zh: '指标', en: 'Dashboard' },
  tabLayers: { zh: '图层', en: 'Layers' },
  tabDetails: { zh: '详情', en: 'Details' },
  sidebarCollapse: { zh: '收起侧栏', en: 'Collapse sidebar' },
  sidebarExpand: { zh: '展开侧栏', en: 'Expand sidebar' },
  sidebarLabel: { zh: '侧栏', en: 'Sidebar' },
  // Dashboard
  dashboardTitle: { zh: '用地指标进度', en: 'Quota progress' },
  computedFromGeometry: { zh: '每项数字均由地块几何计算', en: 'Every figure is computed from parcel geometry' },
  computedAt: { zh: '计算时间', en: 'Computed at' },
  groupA: { zh: 'A · 新增工业建设用地（2023—2025）', en: 'A · New industrial construction land (2023–2025)' },
  groupB: { zh: 'B · 三大特色产业园', en: 'B · The three featured parks' },
  groupC: { zh: 'C · 标准厂房与综合能源站', en: 'C · Standard factories and energy stations' },
  groupD: { zh: 'D · 全区经济与企业指标（2025年）', en: 'D · Zone-wide output, investment and enterprises (by 2025)' },
  groupOther: { zh: '其他指标', en: 'Other targets' },
  // The report names the groups from the same dictionary; a target's figures are worded by targetWords.ts too.
  secured: TALLY_ROLE_LABELS.secured,
  pipeline: TALLY_ROLE_LABELS.pipeline,
  remaining: { zh: '尚差', en: 'Remaining' },
  met: { zh: '达成', en: 'Met' },
  notMet: { zh: '未达成', en: 'Not met' },
  stretchMet: { zh: '力争达成', en: 'Stretch met' },
  capNote: { zh: '上限指标（不超过）', en: 'Cap (must not exceed)' },
  definition: { zh: '统计口径', en: 'How it is counted' },
  defZones: { zh: '片区', en: 'Zones' },
  defWholeZone: { zh: '全经开区', en: 'Whole development zone' },
  defLandUse: { zh: '地类', en: 'Land-use codes' },
  defAnyLandUse: { zh: '全部地类', en: 'All codes' },
  defSecuredStatuses: { zh: '计为已落实', en: 'Counted as secured' },
  defPipelineStatuses: { zh: '计为储备', en: 'Counted as pipeline' },
  defStationKinds: { zh: '能源站类型', en: 'Station kinds' },
  defSupplyYears: { zh: '供地年份', en: 'Supply years' },
  defNotes: { zh: '说明', en: 'Notes' },
  defRule: { zh: '计算方法', en: 'How it is counted' },
  defEnterprises: { zh: '计入企业', en: 'Enterprises counted' },
  defAnyEnterprise: { zh: '全部登记企业', en: 'Every registered enterprise' },
  defYears: { zh: '年份', en: 'Years' },
  defCountedYear: { zh: '计数年份', en: 'Year counted' },
  defNoYearReported: { zh: '区间内无填报', en: 'none reported in the window' },
  noTargets: { zh: '该规划没有指标。', en: 'This plan has no targets.' },
  noPlans: { zh: '尚无规划。', en: 'No plans yet.' },
  // Layers
  layersTitle: { zh: '图层', en: 'Layers' },
  layerConstraints: { zh: '三区三线管控', en: 'Planning constraints' },
  layerZones: { zh: '园区/片区', en: 'Parks and zones' },
  layerZoneLabels: { zh: '园区名称', en: 'Zone names' },
  layerParcels: { zh: '地块', en: 'Parcels' },
  layerEnergyLines: { zh: '能源管线', en: 'Energy lines' },
  layerEnergyStations: { zh: '能源站', en: 'Energy stations' },
  parcelColorMode: { zh: '地块着色', en: 'Colour parcels by' },
  colorByStatus: { zh: '按状态', en: 'Status' },
  colorByIndustry: { zh: '按产业链', en: 'Industry chain' },
  colorByEfficiency: { zh: '按亩均效益类别', en: 'Land-efficiency class' },
  featureCount: { zh: '个要素', en: 'features' },
  // Legend
  legendTitle: { zh: '图例', en: 'Legend' },
  legendParcelStatus: { zh: '地块状态', en: 'Parcel status' },
  legendParcelIndustry: { zh: '地块产业链', en: 'Parcel industry chain' },
  legendNoIndustry: { zh: '未填写', en: 'Not set' },
  legendZones: { zh: '园区', en: 'Zones' },
  zoneFeatured: { zh: '特色产业园', en: 'Featured park' },
  zoneExpansion: { zh: '扩容片区', en: 'Expansion area' },
  zoneOther: { zh: '其他片区', en: 'Other zone' },
  legendConstraints: { zh: '管控边界', en: 'Constraints' },
  legendEnergy: { zh: '能源设施', en: 'Energy' },
  legendShow: { zh: '显示图例', en: 'Show legend' },
  legendHide: { zh: '隐藏图例', en: 'Hide legend' },
  // Parcel details
  detailsTitle: { zh: '地块详情', en: 'Parcel details' },
  detailsEmpty: { zh: '在地图上点击地块查看详情。', en: 'Click a parcel on the map to see its details.' },
  detailsNotFound: { zh: '所选地块已不在当前数据中。', en: 'The selected parcel is no longer in the data.' },
  clearSelection: { zh: '取消选择', en: 'Clear selection' },
  fieldLandUse: { zh: '地类', en: 'Land use' },
  fieldStatus: { zh: '状态', en: 'Status' },
  fieldSupplyYear: { zh: '供地年份', en: 'Supply year' },
  fieldEnterprise: { zh: '企业', en: 'Enterprise' },
  fieldIndustry: { zh: '产业链', en: 'Industry chain' },
  fieldInvestment: { zh: '计划总投资', en: 'Planned investment' },
  fieldOutput: { zh: '产值', en: 'Output value' },
  fieldFactoryFloor: { zh: '标准厂房建筑面积', en: 'Factory floor area' },
  historyShapeChanged: { zh: '边界变化', en: 'Boundary changed' },
  fieldHeatDemand: { zh: '冷热负荷（录入）', en: 'Heat/cooling demand (entered)' },
  fieldPowerDemand: { zh: '电力负荷（录入）', en: 'Power demand (entered)' },
  fieldArea: { zh: '用地面积', en: 'Area' },
  fieldZones: { zh: '所在园区占比', en: 'Share by zone' },
  fieldNotes: { zh: '备注', en: 'Notes' },
  fieldVersion: { zh: '版本', en: 'Version' },
  fieldId: { zh: '编号', en: 'ID' },
  notInAnyZone: { zh: '不在任何园区内', en: 'Outside every zone' },
  unknownLandUse: { zh: '未知地类', en: 'Unknown class' },
  notSet: { zh: '—', en: '—' },
  illustrativeFeature: { zh: '示例要素', en: 'Illustrative feature' },
  // Errors
  errorTitle: { zh: '数据加载失败', en: 'Could not load data' },
  errorHint: {
    zh: '请检查服务器是否运行，然后重试。',
    en: 'Check that the server is running, then retry.',
  },
  errorTally: { zh: '指标统计加载失败', en: 'Could not load the tally' },
  errorPlans: { zh: '规划列表加载失败', en: 'Could not load the plans' },
  errorMeta: { zh: '数据说明加载失败', en: 'Could not load the data notice' },
  partLoadFailed: { zh: '此部分界面加载失败', en: 'Could not load this part of the page' },
  ...EDITING_MESSAGES,
  ...IMPORT_EXPORT_MESSAGES,
  ...ENERGY_MESSAGES,
  ...ENTERPRISE_MESSAGES,
  ...REVIEW_MESSAGES,
  ...ADMIN_DRAWING_MESSAGES,
  ...TOKEN_MESSAGES,
  ...WORKBENCH_MESSAGES,
  ...BULK_MESSAGES,
  ...PRINT_MESSAGES,
} as const satisfies Record<string, Bilingual>;

export type MessageKey = keyof typeof DICTIONARY;

/** The message naming each zone kind (domain/zone.schema.ts ZONE_KINDS), for the legend and the zone forms. */
export const ZONE_KIND_MESSAGES = { featured_park: 'zoneFeatured', expansion_area: 'zoneExpansion', other: 'zoneOther' } as const satisfies Record<ZoneKind, MessageKey>;

function readStoredLang(): Lang {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    return stored === 'en' ? 'en' : 'zh';
  } catch {
    // Storage can be blocked (privacy mode); Chinese is the default.
    return 'zh';
  }
}

export class I18n {
  lang = $state<Lang>(readStoredLang());

  /** BCP 47 tag for Intl formatting and the document's lang attribute. */
  readonly locale = $derived(this.lang === 'zh' ? 'zh-CN' : 'en-US');

  t = (key: MessageKey): string => DICTIONARY[key][this.lang];

  /** Both languages at once, for messages that must read either way (errors). */
  both = (key: MessageKey): string => `${DICTIONARY[key].zh} · ${DICTIONARY[key].en}`;

  /** Reads a domain label table entry ({ zh, en }). */
  pick = (label: Bilingual): string => label[this.lang];

  setLang(lang: Lang): void {
    this.lang = lang;
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, lang);
    } catch {
      // Not persisted; the toggle still works for this page.
    }
  }

  toggle(): void {
    this.setLang(this.lang === 'zh' ? 'en' : 'zh');
  }
}
