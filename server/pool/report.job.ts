/**
 * Rendering a plan's completion report (HTML, XLSX, CSV) in the worker pool:
 * exceljs and the park maps' SVG take long on a large ledger, and so does the
 * model itself (tally, each target's drill-down, park outlines: ~200–300 ms
 * for 3,000 parcels). The route reads the rows (the database stays on the
 * request thread) and sends them here; the model is assembled and rendered
 * here, and the bytes come back moved, not copied.
 */
import { move } from 'piscina';
import { parcelTableCsv, targetTableCsv } from '../report/report.csv';
import { renderReportHtml } from '../report/report.html';
import { renderReportXlsx } from '../report/report.xlsx';
import { assembleReportModel, type ReportInputs, type ReportModel } from '../report/reportModel';

export type ReportFormat = { kind: 'html' } | { kind: 'xlsx' } | { kind: 'csvTargets' } | { kind: 'csvParcels'; targetCode: string };

export interface ReportJobInput {
  inputs: ReportInputs;
  /** The report's generation time, ISO 8601 (the request's, not the worker's). */
  generatedAt: string;
  format: ReportFormat;
}

function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) return bytes.buffer;
  return bytes.slice().buffer as ArrayBuffer;
}

async function render(model: ReportModel, format: ReportFormat): Promise<Uint8Array> {
  switch (format.kind) {
    case 'html':
      return new TextEncoder().encode(renderReportHtml(model));
    case 'xlsx':
      return renderReportXlsx(model);
    case 'csvTargets':
      return new TextEncoder().encode(targetTableCsv(model.sections.map((s) => s.row)));
    case 'csvParcels': {
      const section = model.sections.find((s) => s.row.code === format.targetCode);
      if (!section) throw new Error(`no target ${format.targetCode}`);
      return new TextEncoder().encode(parcelTableCsv(section));
    }
  }
}

export async function renderReportJob(input: ReportJobInput): Promise<ArrayBuffer> {
  const model = assembleReportModel(input.inputs, new Date(input.generatedAt));
  return move(ownBuffer(await render(model, input.format))) as ArrayBuffer;
}
