/** UI text for the print layout (出图) (merged into i18n.svelte.ts). */
import type { Bilingual } from './i18n.svelte';

export const PRINT_MESSAGES = {
  printOpen: { zh: '出图', en: 'Print layout' },
  printOpenHint: { zh: '按纸张排版当前地图，打印或存为 PDF', en: 'Lay out the current map on paper; print it or save it as PDF' },
  printLayoutTitle: { zh: '出图排版', en: 'Print layout' },
  printPaper: { zh: '纸张', en: 'Paper' },
  printOrientation: { zh: '方向', en: 'Orientation' },
  printPortrait: { zh: '纵向', en: 'Portrait' },
  printLandscape: { zh: '横向', en: 'Landscape' },
  printTitleLabel: { zh: '标题', en: 'Title' },
  printDefaultTitle: { zh: '万盛经开区园区用地与能源一张图', en: 'Wansheng ETDZ park land and energy map' },
  printButton: { zh: '打印地图', en: 'Print map' },
  printDownloading: { zh: '正在生成 PDF…', en: 'Making the PDF…' },
  printDownloadFailed: { zh: 'PDF 生成失败，请改用“浏览器打印”。', en: 'The PDF could not be made; use “Print from browser” instead.' },
  printBrowser: { zh: '浏览器打印', en: 'Print from browser' },
  printHint: {
    zh: '“打印地图”下载 PDF 文件；按 100% 缩放打印时比例尺准确。',
    en: '“Print map” downloads a PDF file; the scale holds when printed at 100%.',
  },
  printRecapture: { zh: '按当前地图重新截图', en: 'Retake from the map' },
  printClose: { zh: '关闭出图', en: 'Close print layout' },
  printCapturing: { zh: '正在截取地图…', en: 'Capturing the map…' },
  printCaptureFailed: {
    zh: '无法读取地图画面（底图服务不允许跨域读取）；图面以外的内容仍可打印。',
    en: 'The map picture could not be read (the basemap does not allow it); the rest of the sheet still prints.',
  },
  printScale: { zh: '比例尺', en: 'Scale' },
  printNorth: { zh: '指北针', en: 'North arrow' },
  printNorthLetter: { zh: '北', en: 'N' },
  printDate: { zh: '制图日期', en: 'Date' },
  printSource: { zh: '数据来源', en: 'Data source' },
  printSourceUnknown: { zh: '园区用地与能源一张图台账', en: 'Land Ledger' },
  printIllustrative: {
    zh: '示意图：地块、园区边界与能源设施为示意数据，非官方成果，不作为用地审批依据。',
    en: 'Illustrative (示意): parcels, zone boundaries and energy facilities are illustrative data, not official results.',
  },
} as const satisfies Record<string, Bilingual>;
