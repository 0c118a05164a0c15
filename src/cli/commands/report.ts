import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { reportPdf } from '../../report/pdf.js';
import { type ReportRequest, reportRequest } from '../../requests/report.js';
import { euros, integer, networkRequest } from '../arguments.js';
import { type Command, fileArgument, json, NETWORK_OPTIONS, UsageError } from '../command.js';
import { loadWorkspace } from '../load-workspace.js';
import { formatNumber as n } from '../table.js';

const FORMATS: Record<string, 'html' | 'pdf'> = { '.html': 'html', '.htm': 'html', '.pdf': 'pdf' };

export const reportCommand: Command = {
  name: 'report',
  summary: 'the committee report: one self-contained document (HTML or PDF), in French by default, every figure from the other commands’ answers',
  usage:
    'fibre-resilience report FILE -o report.html|report.pdf [--lang fr|en] [--budget EUR] [--years N] [--yearly-cap EUR | --yearly-budgets EUR,EUR,…] [--funding "Source=share,…"] [--headend ID]… [--include-planned] [--with-link ID]… [--json]',
  options: {
    ...NETWORK_OPTIONS,
    output: { type: 'string', short: 'o' },
    lang: { type: 'string' },
    budget: { type: 'string' },
    years: { type: 'string' },
    'yearly-cap': { type: 'string' },
    'yearly-budgets': { type: 'string' },
    funding: { type: 'string' },
  },
  flags: {
    output: '--output', lang: '--lang', budgetEur: '--budget', years: '--years', yearlyCapEur: '--yearly-cap', yearlyBudgetsEur: '--yearly-budgets', funding: '--funding',
  },
  async run({ positionals, values }, io) {
    const file = fileArgument(positionals);
    const output = values.output;
    if (typeof output !== 'string' || output === '') throw new UsageError('-o FILE.html or -o FILE.pdf is required');
    const format = FORMATS[extname(output).toLowerCase()];
    if (!format) throw new UsageError(`-o: the file must end in .html or .pdf, got "${output}"`);
    const yearly = values['yearly-budgets'];
    const request: ReportRequest = {
      network: networkRequest(values),
      // Checked by the request's schema, which names the flag when it is neither fr nor en.
      lang: values.lang as ReportRequest['lang'],
      budgetEur: values.budget === undefined ? undefined : euros(values.budget, '--budget'),
      years: integer(values.years, '--years', 1),
      yearlyCapEur: values['yearly-cap'] === undefined ? undefined : euros(values['yearly-cap'], '--yearly-cap'),
      yearlyBudgetsEur: yearly === undefined ? undefined : String(yearly).split(/[,;]/).map((b) => euros(b, '--yearly-budgets')),
      funding: values.funding === undefined ? undefined : String(values.funding),
    };
    const start = performance.now();
    const { workspace } = await loadWorkspace(file, values);
    io.err('report: analysing the network and planning the works…\n');
    const { html } = await reportRequest(workspace, request);
    const htmlMs = Math.round(performance.now() - start);
    let bytes: Uint8Array | string = html;
    if (format === 'pdf') {
      io.err('report: printing the PDF with Chromium…\n');
      bytes = await reportPdf(html);
    }
    await writeFile(output, bytes);
    const totalMs = Math.round(performance.now() - start);
    const size = typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.byteLength;
    if (values.json) io.out(json({ output, format, lang: request.lang ?? 'fr', bytes: size, htmlMs, totalMs }));
    else io.out(`Wrote ${output} (${format.toUpperCase()}, ${n(Math.round(size / 1024))} KiB) in ${(totalMs / 1000).toFixed(1)} s\n`);
    return 0;
  },
};
