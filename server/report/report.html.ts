/**
 * The completion report as a printable HTML page: title, source document,
 * date, provenance note, the target table, each target's parcels and a map
 * per expansion area and featured park (A1–A4, B1–B3). Built only from `html` templates (every value escaped);
 * no script, so it passes the CSP; one inline <style> (style-src allows it).
 */
import { formatFigure, formatPercent, UNIT_SHORT_ZH } from '../../domain/figureFormat';
import { PARCEL_STATUS_LABELS, type ParcelStatus } from '../../domain/parcel.schema';
import { STATION_KIND_LABELS, STATION_STATUS_LABELS, type StationKind, type StationStatus } from '../../domain/energy.schema';
import { bothLanguages, figureStatement, TALLY_ROLE_LABELS, TARGET_LEVEL_LABELS, wordAround, type FigureWord, type TargetLevel } from '../../domain/targetWords';
import { html, SafeHtml } from './escapeHtml';
import { renderParkMap, renderStatusLegend } from './parkMap.svg';
import { formatCstDateTime, type ReportModel, type TargetSection } from './reportModel';

const SECURED = TALLY_ROLE_LABELS.secured;
const PIPELINE = TALLY_ROLE_LABELS.pipeline;
const TOTALS = `${bothLanguages(SECURED)} / ${bothLanguages(PIPELINE)}`;
const LEVELS = TARGET_LEVEL_LABELS;

/** A constant, not data: <style> is raw text, so entity-escaping it would break the CSS. */
const STYLE = `
@page { size: A4; margin: 14mm 12mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: #1d2433; font-size: 10.5pt; margin: 0 auto; max-width: 190mm; }
h1 { font-size: 17pt; margin: 0 0 4pt; } h2 { font-size: 13pt; margin: 16pt 0 6pt; } h3 { font-size: 11pt; margin: 12pt 0 4pt; }
.meta { color: #4a5568; margin: 2pt 0; }
.provenance { border: 1px solid #d69e2e; background: #fffbea; padding: 6pt 8pt; margin: 8pt 0; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt; font-size: 9pt; }
th, td { border: 1px solid #cbd2dc; padding: 2pt 4pt; vertical-align: top; }
th { background: #eef1f5; text-align: left; } thead { display: table-header-group; } tr { break-inside: avoid; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.met { color: #1f7a3a; font-weight: 600; } td.not-met { color: #b42318; font-weight: 600; }
tfoot td { font-weight: 600; background: #f7f8fa; }
.park { break-before: page; } .park-map { width: 100%; height: auto; border: 1px solid #cbd2dc; }
.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 4pt 12pt; font-size: 9pt; }
.swatch { display: inline-block; width: 10pt; height: 10pt; margin-right: 3pt; vertical-align: middle; border: 1px solid #555; }
.swatch.outline { background: none; border: 2px dashed #5b3fa3; }
.note { color: #4a5568; font-size: 8.5pt; } .level { font-weight: 600; }
@media screen { body { padding: 16px; } }
`;

/** A figure cell: the plan's level word, the figure with its qualifier where Chinese writes it, and the English below. */
function figureCell(field: 'floor' | 'stretch', level: TargetLevel, word: FigureWord | null, figure: string, en: string): SafeHtml {
  const around = wordAround(word, 'zh');
  return html`<td class="num"><span class="level" data-field="${field}-level">${LEVELS[level].zh}</span> ${around.before}<span data-field="${field}">${figure}</span>${around.after}<br><span class="note">${en}</span></td>`;
}

function targetTable(model: ReportModel): SafeHtml {
  const rows = model.sections.map(({ row: r }) => {
    const verdict = r.met ? 'met' : 'not-met';
    return html`<tr data-target="${r.code}">
<td>${r.code}</td><td>${r.labelZh}<br><span class="note">${r.labelEn} · ${r.metricZh}${r.comparator === 'lte' ? ' · 上限 cap' : ''}</span></td><td>${r.unitZh}</td>
${figureCell('floor', r.floorLevel, r.floorWordZh, r.text.floor, r.wording.floor.en)}
${r.wording.stretch ? figureCell('stretch', r.stretchLevel, r.stretchWordZh, r.text.stretch, r.wording.stretch.en) : html`<td class="num" data-field="stretch">—</td>`}
<td class="num" data-field="secured">${r.text.secured}</td><td class="num" data-field="pipeline">${r.text.pipeline}</td>
<td class="num" data-field="share">${r.text.share}</td><td class="num" data-field="gap">${r.text.gap}</td>
<td class="${verdict}" data-field="verdict">${r.verdictZh}</td></tr>`;
  });
  return html`<table class="targets"><thead><tr><th>编号</th><th>指标 Target</th><th>单位</th><th>目标 Target figure</th><th>更高目标 Higher figure</th><th>${bothLanguages(SECURED)}</th><th>${bothLanguages(PIPELINE)}</th><th>完成率 % of target figure</th><th>差额 Gap</th><th>结论 Verdict</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function parcelTable(section: TargetSection): SafeHtml {
  const { row } = section;
  if (row.metric === 'station_count') {
    const rows = section.stations.map(
      (s) => html`<tr data-station="${s.id}"><td>${s.id}</td><td>${s.name}</td><td>${STATION_KIND_LABELS[s.kind as StationKind]?.zh ?? s.kind}</td><td>${STATION_STATUS_LABELS[s.status as StationStatus]?.zh ?? s.status}</td><td>${TALLY_ROLE_LABELS[s.role].zh}</td><td class="num">${formatFigure(s.value, row.unit)}</td></tr>`,
    );
    return html`<table class="parcels" data-target="${row.code}"><thead><tr><th>编号</th><th>站点 Station</th><th>类型</th><th>状态</th><th>类别</th><th>计入 (座)</th></tr></thead><tbody>${rows}</tbody>
<tfoot><tr><td colspan="5">${TOTALS}</td><td class="num" data-field="total">${row.text.secured} / ${row.text.pipeline}</td></tr></tfoot></table>`;
  }
  const rows = section.parcels.map(
    (p) => html`<tr data-parcel="${p.id}"><td>${p.id}</td><td>${p.name}${p.straddling ? html` <span class="note">（跨界 straddles）</span>` : ''}</td><td>${PARCEL_STATUS_LABELS[p.status as ParcelStatus]?.zh ?? p.status}</td><td>${p.supplyYear ?? '—'}</td><td>${p.enterprise ?? '—'}</td><td>${p.landUseCode}</td>
<td class="num">${formatFigure(p.areaMu, 'mu')}</td><td class="num">${formatPercent(p.fraction)}</td><td>${TALLY_ROLE_LABELS[p.role].zh}</td><td class="num" data-field="value">${formatFigure(p.value, row.unit)}</td></tr>`,
  );
  return html`<table class="parcels" data-target="${row.code}"><thead><tr><th>编号</th><th>地块 Parcel</th><th>状态</th><th>供地年份</th><th>企业</th><th>用地代码</th><th>面积 (亩)</th><th>计入比例</th><th>类别</th><th>计入 (${UNIT_SHORT_ZH[row.unit]})</th></tr></thead><tbody>${rows}</tbody>
<tfoot><tr><td colspan="9">${TOTALS}</td><td class="num" data-field="total">${row.text.secured} / ${row.text.pipeline}</td></tr></tfoot></table>`;
}

export function renderReportHtml(model: ReportModel): string {
  const { plan, provenance } = model;
  const sections = model.sections.map(
    (s) => html`<section class="target-parcels" id="target-${s.row.code}"><h3>${s.row.code} ${s.row.labelZh}</h3>
<p class="note">${s.row.metricZh} · ${figureStatement(s.row.floorLevel, s.row.floorWordZh, `${s.row.text.floor} ${s.row.unitZh}`, 'zh')} · ${SECURED.zh} ${s.row.text.secured} ${s.row.unitZh}${s.parcels.some((p) => p.straddling) ? ' · 跨界地块只计范围内面积 (straddling parcels count only their share inside)' : ''}</p>
${parcelTable(s)}</section>`,
  );
  const parks = model.parks.map(
    (park) => html`<section class="park" data-park="${park.code}"><h2>${park.code} ${park.nameZh}</h2><p class="meta">${park.nameEn} · ${park.parcels.length} 宗地块 parcels</p>
${renderParkMap(park)}${renderStatusLegend()}</section>`,
  );
  const page = html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${plan.nameZh} 完成情况报告</title><style>${new SafeHtml(STYLE)}</style></head>
<body>
<header><h1>${plan.nameZh}<br>完成情况报告 Completion report</h1>
<p class="meta">${plan.nameEn}</p>
<p class="meta">规划期 Period: ${plan.periodStart}—${plan.periodEnd} · 依据 Source: <span data-field="source-document">${plan.sourceDocument ?? '—'}</span></p>
<p class="meta" data-field="as-of">台账截至 Ledger as of: ${model.asOf ? html`<time datetime="${model.asOf}">${model.asOf}</time> 日终 (end of day, UTC+8)` : '当前 now'}</p>
<p class="meta">生成时间 Generated: <time datetime="${model.generatedAt}">${formatCstDateTime(model.generatedAt)}</time> (UTC+8)</p></header>
<aside class="provenance" data-illustrative="${String(provenance.illustrative)}"><strong>${provenance.illustrative ? '示意数据 Illustrative data' : '正式数据 Official data'}</strong><br>${provenance.provenanceZh}<br>${provenance.provenanceEn}</aside>
<h2>指标完成情况 Targets</h2>
${targetTable(model)}
<p class="note">完成率 = ${SECURED.zh} ÷ 目标值；差额：“不低于”指标为距目标值的缺口，“不超过”指标为距上限的余量。用语照录规划原文：${LEVELS.ensure.zh}、${LEVELS.strive.zh}，或直接给出的数（${LEVELS.plain.zh}）。数值精度：亩 0.1、m² 1、亿元 0.01、座 1。 % of target figure = ${SECURED.en.toLowerCase()} ÷ target figure; gap = shortfall to the target figure (for a cap: headroom below it). Wording as the plan states it: ${LEVELS.ensure.zh} ${LEVELS.ensure.en}, ${LEVELS.strive.zh} ${LEVELS.strive.en}, or a figure stated plainly (${LEVELS.plain.en}).</p>
<h2>指标地块清单 Parcels behind each target</h2>
${sections}
${parks}
</body></html>`;
  return page.value;
}
