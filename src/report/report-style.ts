import { SANS, SERIF } from './svg.js';

/** The report's style sheet: A4 pages, the system's serif for the text and sans-serif for tables and charts, nothing loaded. */
export const REPORT_CSS = `
@page { size: A4; margin: 16mm 15mm 17mm 15mm; }
*, *::before, *::after { box-sizing: border-box; }
html { font-family: ${SERIF}; font-size: 10.5pt; line-height: 1.38; color: #161616; background: white; }
body { margin: 0 auto; max-width: 180mm; padding: 0 4mm; }
@media print { body { padding: 0; max-width: none; } }
h1, h2, h3, caption, th, figcaption, .brief, .contents { font-family: ${SANS}; }
h1 { font-size: 24pt; line-height: 1.15; color: #1f4e79; margin: 14mm 0 4mm; }
h2 { font-size: 15pt; color: #1f4e79; border-bottom: 1.5pt solid #1f4e79; padding-bottom: 1mm; margin: 0 0 3mm; }
h3 { font-size: 11.5pt; color: #1f4e79; margin: 5mm 0 2mm; break-after: avoid; }
p { margin: 0 0 2.4mm; text-align: justify; hyphens: auto; }
p.lead { font-size: 11.5pt; }
p.small, .small { font-size: 9pt; }
section.part, .page-break { break-before: page; }
.cover .subtitle { font-size: 13pt; color: #333; margin-bottom: 8mm; font-family: ${SANS}; text-align: left; }
.brief { border: 1pt solid #1f4e79; background: #f3f7fb; padding: 3mm 6mm 2mm; margin: 0 0.6mm 8mm 0; }
.brief h2 { border: none; margin: 0 0 1mm; font-size: 13pt; }
.brief ul { margin: 0; padding-left: 5mm; }
.brief li { margin: 0 0 2mm; font-size: 10.5pt; line-height: 1.35; }
.contents ol { font-size: 10pt; margin: 0; columns: 2; column-gap: 8mm; }
.contents h3 { margin-top: 6mm; }
table { border-collapse: collapse; width: 100%; font-family: ${SANS}; font-size: 7.8pt; line-height: 1.22; margin: 1mm 0 4mm; }
caption { text-align: left; font-weight: bold; font-size: 9pt; padding: 0 0 1mm; color: #1f4e79; caption-side: top; }
th { background: #e6edf5; text-align: left; vertical-align: bottom; font-weight: bold; border-bottom: 0.8pt solid #7f94ab; padding: 1mm 1.1mm; }
td { border-bottom: 0.4pt solid #d4d4d4; padding: 0.6mm 1.1mm; vertical-align: top; }
td.num, th.num { text-align: right; }
td.num { white-space: nowrap; }
tr { break-inside: avoid; }
thead { display: table-header-group; }
.id { color: #6a6a6a; font-size: 0.85em; white-space: nowrap; }
.ids { font-size: 0.95em; }
.fig { white-space: nowrap; }
.indent { padding-left: 4mm; }
figure { margin: 2mm 0 3mm; text-align: center; break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 8.5pt; color: #444; margin-top: 1mm; }
.two { display: grid; grid-template-columns: 1fr 1fr; gap: 6mm; align-items: start; }
ul.warnings { padding-left: 4mm; margin: 0; font-size: 9pt; }
ul.warnings li { margin-bottom: 1.5mm; }
blockquote.data { font-size: 8.5pt; color: #333; border-left: 2pt solid #bbb; margin: 1mm 0; padding: 1mm 3mm; text-align: justify; }
code .word { white-space: nowrap; }
code { font-size: 8pt; font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; }
`;
