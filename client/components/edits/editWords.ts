/** Words for edit kinds and the figures an edit moved, shared by the edit log and a parcel's history. */
import type { MessageKey } from '../../i18n.svelte';

export const EDIT_KINDS: Record<string, MessageKey> = {
  create: 'kindCreate',
  update: 'kindUpdate',
  geometry: 'kindGeometry',
  attributes: 'kindAttributes',
  hole: 'kindHole',
  clip: 'kindClip',
  delete: 'kindDelete',
  restore: 'kindRestore',
  merge: 'kindMerge',
  split: 'kindSplit',
  import: 'kindImport',
  undo: 'kindUndo',
  seed: 'kindSeed',
  plan: 'kindPlan',
  zones: 'kindZones',
  settings: 'kindSettings',
  bulk: 'kindBulk',
};

/** Each figure with its label, unit and decimals, in the order the dashboard shows them. */
export const FIGURE_WORDS: { field: string; label: MessageKey; unitZh: string; unitEn: string; decimals: number }[] = [
  { field: 'areaMu', label: 'figureArea', unitZh: '亩', unitEn: 'mu', decimals: 2 },
  { field: 'investmentYi', label: 'figureInvestment', unitZh: '亿元', unitEn: '亿元', decimals: 4 },
  { field: 'outputYi', label: 'figureOutput', unitZh: '亿元', unitEn: '亿元', decimals: 4 },
  { field: 'factoryFloorSquareMeters', label: 'figureFloor', unitZh: 'm²', unitEn: 'm²', decimals: 0 },
  { field: 'heatCoolingDemandKilowatts', label: 'figureHeat', unitZh: 'kW', unitEn: 'kW', decimals: 0 },
  { field: 'powerDemandKilowatts', label: 'figurePower', unitZh: 'kW', unitEn: 'kW', decimals: 0 },
];
