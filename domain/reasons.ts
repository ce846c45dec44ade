/**
 * Reason codes shared by the server (HTTP 4xx bodies) and the UI (messages
 * shown to planners). Each code has a Chinese and an English text.
 */
export const REASONS = {
  NOT_A_POLYGON: { zh: '几何类型必须是面（Polygon 或 MultiPolygon）', en: 'Geometry must be a Polygon or MultiPolygon' },
  EMPTY_GEOMETRY: { zh: '几何为空', en: 'Geometry is empty' },
  RING_TOO_SHORT: { zh: '环的顶点少于 4 个（含闭合点）', en: 'A ring has fewer than 4 positions (including the closing one)' },
  RING_NOT_CLOSED: { zh: '环未闭合：首尾坐标不一致', en: 'A ring is not closed: first and last positions differ' },
  NON_FINITE_COORDINATE: { zh: '坐标不是有限数值', en: 'A coordinate is not a finite number' },
  COORDINATE_OUT_OF_RANGE: { zh: '经纬度超出范围（经度 ±180，纬度 ±90）；是否为投影坐标（米）？', en: 'Longitude/latitude out of range (±180, ±90); are these projected metres?' },
  OUTSIDE_CHINA: { zh: '坐标不在中国范围内；经纬度是否颠倒？', en: 'Coordinates are outside China; are longitude and latitude swapped?' },
  SELF_INTERSECTION: { zh: '边界自相交', en: 'The boundary intersects itself' },
  HOLE_OUTSIDE_SHELL: { zh: '内环（洞）不在外环之内', en: 'A hole lies outside its outer ring' },
  ZERO_AREA: { zh: '面积为零', en: 'The area is zero' },
  INVALID_PROPERTIES: { zh: '属性不符合要求', en: 'Properties are invalid' },
  INVALID_REQUEST: { zh: '请求无效', en: 'Invalid request' },
  NOT_FOUND: { zh: '未找到', en: 'Not found' },
} as const;

export type ReasonCode = keyof typeof REASONS;

export function reasonText(code: ReasonCode, lang: 'zh' | 'en'): string {
  return REASONS[code][lang];
}
