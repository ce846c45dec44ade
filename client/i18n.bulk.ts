/** UI text for the attribute table's multi-select, bulk edit and export of the selection (merged into i18n.svelte.ts). */
import type { Bilingual } from './i18n.svelte';

export const BULK_MESSAGES = {
  tableSelectRow: { zh: '选择 {name}', en: 'Select {name}' },
  tableSelectAll: { zh: '全选匹配（最多 500 条）', en: 'Select all matching (up to 500)' },
  tableSelectAllBusy: { zh: '正在选择…', en: 'Selecting…' },
  tableSelectionClear: { zh: '清除选择', en: 'Clear selection' },
  tableSelectedCount: { zh: '已选 {n} 个地块', en: '{n} parcels selected' },
  tableSelectionCapped: { zh: '一次最多选择 500 个地块', en: 'At most 500 parcels can be selected at once' },
  tableSelectHint: { zh: '勾选行，或按住 Shift / Ctrl 单击，以批量修改或导出', en: 'Tick rows, or Shift/Ctrl-click them, to edit or export them together' },
  bulkTitle: { zh: '批量修改所选地块', en: 'Bulk edit the selected parcels' },
  bulkUnchanged: { zh: '不修改', en: 'Unchanged' },
  bulkClear: { zh: '清空', en: 'Clear it' },
  bulkApply: { zh: '应用到 {n} 个地块', en: 'Apply to {n} parcels' },
  bulkApplying: { zh: '正在保存…', en: 'Saving…' },
  bulkDone: { zh: '已修改 {n} 个地块（一次编辑，可在编辑记录中撤销）', en: '{n} parcels changed as one edit (undo it in the edit log)' },
  bulkMoved: {
    zh: '以下地块已被他人修改，未保存任何内容；已改用其最新版本，请核对后重试：{ids}',
    en: 'These parcels were changed by someone else and nothing was saved; their latest versions are now selected — check and apply again: {ids}',
  },
  bulkConfirm: { zh: '确认警告并应用', en: 'Confirm the warnings and apply' },
  bulkHint: { zh: '只修改标签字段；投资、产值、面积等数值须逐块填写。', en: 'Only tags change here; investment, output, area and other figures are entered parcel by parcel.' },
  bulkSignIn: { zh: '以编辑身份登录后可批量修改', en: 'Sign in as an editor to edit in bulk' },
  bulkExport: { zh: '导出所选', en: 'Export selection' },
  bulkExportFormat: { zh: '导出格式', en: 'Export format' },
} as const satisfies Record<string, Bilingual>;
