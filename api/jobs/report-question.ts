import type { NetworkWorkspace } from '../../src/requests/network-workspace.js';
import { reportPdf } from '../../src/report/pdf.js';
import { type ReportRequest, reportRequest } from '../../src/requests/report.js';

/** What the report looks like to the browser that opens it: nothing may load, no script may run (the document needs neither). */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** The answer of `report`: the HTML, or the PDF printed from it (the shape of `Answer` in questions.ts). */
export interface ReportAnswer {
  type: string;
  text: Iterable<string | Uint8Array> | string;
  headers: Record<string, string>;
}

/**
 * `GET /v1/topologies/{id}/report`: the committee report of `reportRequest`, as HTML or printed
 * to PDF by Chromium — in a worker, like every question.
 *
 * @example
 * const answer = await reportQuestion(workspace, { request: { budgetEur: 3_884_950, years: 3 }, format: 'pdf' });
 */
export async function reportQuestion(ws: NetworkWorkspace, { request, format }: { request: ReportRequest; format: 'html' | 'pdf' }): Promise<ReportAnswer> {
  const { html } = await reportRequest(ws, request);
  if (format === 'html') return { type: 'text/html; charset=utf-8', text: html, headers: { 'content-security-policy': REPORT_CSP } };
  const pdf = await reportPdf(html);
  return { type: 'application/pdf', text: [pdf], headers: { 'content-disposition': 'inline; filename="report.pdf"' } };
}
