/**
 * Reason codes for importing and exporting files (TXT, shapefile, KML/KMZ,
 * DXF, CSV, GeoJSON), same shape as ../reasons.ts: each code has a Chinese
 * and an English text, shared by the server's 4xx bodies and the import
 * dialog. Codes marked "warning" do not stop an import; they are reported
 * beside the features.
 */
export const IMPORT_REASONS = {
  UNSUPPORTED_FORMAT: { zh: '不支持的文件格式', en: 'Unsupported file format' },
  TRUNCATED_FILE: { zh: '文件不完整（被截断）', en: 'The file is truncated' },
  MALFORMED_LINE: { zh: '行格式错误', en: 'A line is malformed' },
  BAD_ENCODING: { zh: '无法识别文件编码（应为 UTF-8 或 GBK）', en: 'Unrecognised text encoding (expected UTF-8 or GBK)' },
  UNKNOWN_CRS: { zh: '无法确定坐标系', en: 'The coordinate reference system could not be determined' },
  UNSUPPORTED_CRS: {
    zh: '不支持的坐标系（1980西安、1954北京等需转换参数，请先转换为2000国家大地坐标系）',
    en: 'Unsupported coordinate system (Xi’an 1980, Beijing 1954 etc. need transformation parameters; convert to CGCS2000 first)',
  },
  SWAPPED_AXES: {
    zh: '坐标轴颠倒：X/Y（或经度/纬度）列可能互换了',
    en: 'Axes appear swapped: the X/Y (or longitude/latitude) columns look exchanged',
  },
  CRS_MISMATCH: { zh: '声明的坐标系与坐标数值不符', en: 'The declared coordinate system does not match the coordinate values' },
  ARCHIVE_TOO_LARGE: { zh: '压缩包解压后过大（疑似压缩炸弹）', en: 'The archive expands too much (possible zip bomb)' },
  ARCHIVE_TOO_MANY_ENTRIES: { zh: '压缩包内文件过多', en: 'The archive holds too many entries' },
  ARCHIVE_PATH_TRAVERSAL: { zh: '压缩包含非法路径（.. 或绝对路径）', en: 'The archive contains an unsafe path (.. or absolute)' },
  ARCHIVE_CORRUPT: { zh: '压缩包已损坏', en: 'The archive is corrupt' },
  MISSING_SHAPEFILE_PART: { zh: 'Shapefile 缺少必需的组成文件（.shp/.dbf）', en: 'A required shapefile part (.shp/.dbf) is missing' },
  UNSUPPORTED_GEOMETRY: { zh: '只能导入面要素（地块边界）', en: 'Only polygon features (parcel boundaries) can be imported' },
  INVALID_GEOMETRY: { zh: '地块几何无效', en: 'A parcel geometry is invalid' },
  TOO_MANY_FEATURES: { zh: '要素数量超过上限', en: 'Too many features' },
  NO_FEATURES: { zh: '文件中没有可导入的地块', en: 'The file contains no parcels to import' },
  UNENCODABLE_TEXT: { zh: '文本含有目标编码无法表示的字符', en: 'The text has characters the target encoding cannot represent' },
  // Warnings: the import goes ahead.
  ASSUMED_ZONE: {
    zh: '坐标未带带号，按万盛所在的3度带第36带（中央经线108°E）处理',
    en: 'Coordinates carry no zone number; assumed 3-degree zone 36 (central meridian 108°E), where Wansheng lies',
  },
  AREA_DIFFERS: { zh: '申报面积与计算面积相差较大', en: 'The stated area differs noticeably from the computed area' },
  ARC_SEGMENTS_IGNORED: { zh: '多段线含圆弧（凸度），已按直线处理', en: 'Polyline arcs (bulges) were treated as straight segments' },
  SKIPPED_ENTITIES: { zh: '已跳过非闭合或非面要素', en: 'Open or non-polygon entities were skipped' },
  UNDECODABLE_TEXT: {
    zh: '部分文字不是有效的 GBK 字符（乱码或编码不符），导入后会显示为空白或方框，请核对这些属性',
    en: 'Some text is not valid GBK characters (garbled bytes or a wrong encoding) and would show as blanks or boxes; check these attributes',
  },
} as const;

export type ImportReasonCode = keyof typeof IMPORT_REASONS;

export function importReasonText(code: ImportReasonCode, lang: 'zh' | 'en'): string {
  return IMPORT_REASONS[code][lang];
}
