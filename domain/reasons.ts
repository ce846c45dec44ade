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
  TOO_MANY_VERTICES: { zh: '边界顶点过多（每个地块最多 50000 个）', en: 'The boundary has too many vertices (at most 50,000 per parcel)' },
  INVALID_PROPERTIES: { zh: '属性不符合要求', en: 'Properties are invalid' },
  INVALID_REQUEST: { zh: '请求无效', en: 'Invalid request' },
  NOT_FOUND: { zh: '未找到', en: 'Not found' },
  VALIDATION_FAILED: { zh: '校验未通过，未保存', en: 'Validation failed; nothing was saved' },
  OVERLAPS_PARCEL: { zh: '与已有地块重叠（超过 1 m²），地块不得重复计算', en: 'Overlaps an existing parcel by more than 1 m²; parcels must not double-count' },
  INTERSECTS_RED_LINE: { zh: '占用生态保护红线', en: 'Intersects the ecological protection red line' },
  INTERSECTS_FARMLAND: { zh: '占用永久基本农田', en: 'Intersects permanent basic farmland' },
  OUTSIDE_URBAN_BOUNDARY: { zh: '超出城镇开发边界，请确认', en: 'Lies outside the urban development boundary; please confirm' },
  FIGURES_CHANGED: { zh: '拆分/合并前后投资、产值、厂房面积或负荷合计不一致；如确为调整，请确认后保存', en: 'The split or merge changes the total investment, output, floor area or demand; confirm if this is a deliberate change' },
  SLIVER_PART: { zh: '地块含面积过小的碎片（小于阈值），请确认', en: 'The parcel has a part smaller than the sliver threshold; please confirm' },
  BECAME_MULTIPART: { zh: '地块变为多个不相连部分，请确认', en: 'The parcel now has several disjoint parts; please confirm' },
  OUTSIDE_ZONES: { zh: '不在任何园区范围内，请确认', en: 'Lies outside every zone; please confirm' },
  WARNINGS_UNCONFIRMED: { zh: '存在需确认的提示，确认后再保存', en: 'There are warnings to confirm before saving' },
  PRECONDITION_REQUIRED: { zh: '缺少 If-Match 版本标记：请先读取要素再修改', en: 'If-Match is required: read the feature first, then write with its ETag' },
  EDIT_ALREADY_UNDONE: { zh: '该操作已撤销过', en: 'This edit has already been undone' },
  EDIT_SUPERSEDED: { zh: '之后的操作又修改了相同的地块、园区或指标，请先撤销之后的操作', en: 'A later edit changed the same parcels, zones or targets; undo that edit first' },
  UNDO_UNSUPPORTED: { zh: '此类操作不能一键撤销（初始数据、系统设置、企业信息）', en: 'This kind of edit cannot be undone in one step (the seed data, settings, enterprises)' },
  PRECONDITION_FAILED: { zh: '该要素已被他人修改（版本已变化），未保存', en: 'Someone else changed this feature (its version moved on); nothing was saved' },
  UNAUTHENTICATED: { zh: '请先登录', en: 'Please sign in' },
  FORBIDDEN: { zh: '当前账号无此权限', en: 'Your role does not allow this' },
  BAD_CREDENTIALS: { zh: '用户名或密码错误', en: 'Wrong user name or password' },
  CSRF_REJECTED: { zh: '请求来源不可信（跨站请求被拒绝）', en: 'Request origin not trusted (cross-site request refused)' },
  TOO_MANY_SIGN_INS: { zh: '登录失败次数过多，请稍后再试', en: 'Too many failed sign-ins; try again later' },
  HOST_NOT_ALLOWED: { zh: '请求的主机名未被允许（请设置 LEDGER_PUBLIC_URL 或 LEDGER_ALLOWED_HOSTS）', en: 'Host not allowed (set LEDGER_PUBLIC_URL or LEDGER_ALLOWED_HOSTS)' },
  UNSUPPORTED_MEDIA_TYPE: { zh: '不支持的内容类型，请使用 JSON', en: 'Unsupported content type; send JSON' },
  PAYLOAD_TOO_LARGE: { zh: '请求体过大', en: 'Request body too large' },
  CONFLICTING_ID: { zh: '要素编号与地址不一致', en: 'Feature id does not match the URL' },
  // Plans, targets and zones as editable data (issue 4).
  PERIOD_REVERSED: { zh: '规划期末年份早于起始年份', en: 'The period ends before it starts' },
  PLAN_EXISTS: { zh: '已存在相同编号的规划', en: 'A plan with this id already exists' },
  DUPLICATE_TARGET: { zh: '该规划中已有相同编号的指标', en: 'This plan already has a target with this code' },
  UNKNOWN_ZONE: { zh: '指标引用的园区/片区不存在', en: 'The target refers to a zone that does not exist' },
  ZONE_EXISTS: { zh: '已存在相同编号的园区/片区', en: 'A zone with this code already exists' },
  ZONE_IN_USE: { zh: '该园区/片区仍被规划指标引用，不能删除', en: 'Plan targets still refer to this zone; it cannot be deleted' },
  NO_PARCELS: { zh: '未找到所选地块', en: 'None of the selected parcels were found' },
  YEAR_WINDOW_REVERSED: { zh: '供地年份区间的终止年份早于起始年份', en: 'The supply-year window ends before it starts' },
  // Ledger health: records a completion review should not rest on (issue 4).
  MISSING_SUPPLY_YEAR: { zh: '已落实地块缺少供地年份', en: 'A secured parcel has no supply year' },
  MISSING_ENTERPRISE: { zh: '已供地地块缺少用地企业', en: 'A supplied parcel has no enterprise' },
  MISSING_INDUSTRY_CHAIN: { zh: '工业或物流用地缺少产业链', en: 'An industrial or logistics parcel has no industry chain' },
  STRADDLES_ZONE: { zh: '地块跨越园区/片区边界，只计边界内面积', en: 'The parcel straddles a zone boundary; only the part inside counts' },
  SUPPLY_YEAR_IN_FUTURE: { zh: '状态为已供地/在建/已投产，但供地年份晚于当前年份', en: 'Status is supplied or later, but the supply year is in the future' },
  PLANNED_YEAR_PAST: { zh: '状态为规划/储备，但供地年份早于当前年份', en: 'Status is planned or reserved, but the supply year has passed' },
  // Heavy work runs in a worker pool with limits (issue 11).
  JOB_TIME_LIMIT: { zh: '计算超出时间上限，已终止，未保存任何内容', en: 'The work took longer than its time limit and was stopped; nothing was saved' },
  JOB_MEMORY_LIMIT: { zh: '计算超出内存上限，已终止，未保存任何内容', en: 'The work needed more memory than its limit and was stopped; nothing was saved' },
  SERVER_BUSY: { zh: '服务器繁忙，请稍后重试', en: 'The server is busy; please retry shortly' },
  // Enterprises and 亩均 (issue 12).
  CREDIT_CODE_FORMAT: { zh: '统一社会信用代码格式不正确：应为 18 位数字或大写字母（不含 I、O、Z、S、V），第 3–8 位为行政区划码', en: 'The unified social credit code is malformed: 18 digits or capitals (no I, O, Z, S, V), positions 3–8 an administrative division code' },
  CREDIT_CODE_CHECK: { zh: '统一社会信用代码校验码不符（GB 32100-2015），请核对是否录入有误', en: 'The unified social credit code fails its check character (GB 32100-2015); check for a typing error' },
  ENTERPRISE_EXISTS: { zh: '已存在同名或同一统一社会信用代码的企业', en: 'An enterprise with this name or credit code already exists' },
  PARCEL_OCCUPIED: { zh: '地块已关联到其他企业，请先在该企业中解除关联', en: 'The parcel is already linked to another enterprise; unlink it there first' },
  UNKNOWN_PARCEL: { zh: '地块不存在', en: 'No such parcel' },
  UNKNOWN_ENTERPRISE: { zh: '未找到该企业（按统一社会信用代码或名称），请先登记企业', en: 'No such enterprise (by credit code or name); register it first' },
  ENTERPRISE_MISMATCH: { zh: '统一社会信用代码与企业名称不属于同一企业', en: 'The credit code and the name belong to different enterprises' },
  DUPLICATE_STATISTICS_ROW: { zh: '同一企业同一年份出现多行', en: 'The same enterprise and year appear on more than one row' },
  ROWS_INVALID: { zh: '有行未通过校验，整批未导入', en: 'Some rows failed validation; nothing was imported' },
} as const;

export type ReasonCode = keyof typeof REASONS;

export function reasonText(code: ReasonCode, lang: 'zh' | 'en'): string {
  return REASONS[code][lang];
}
