import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { reportCommand } from '../src/cli/commands/report.js';
import { UsageError } from '../src/cli/command.js';
import { topologyFromJSON } from '../src/io/read-topology.js';
import { reportData, type ReportData } from '../src/report/report-data.js';
import { reportHtml } from '../src/report/report-html.js';
import { NetworkWorkspace } from '../src/requests/network-workspace.js';
import { reportRequest } from '../src/requests/report.js';
import { RequestError } from '../src/requests/request-error.js';
import { reportQuestion } from '../api/jobs/report-question.js';
import { cliJson } from './support/run-cli.js';

/**
 * The committee report read back as a reader would check it: every figure it prints, marked
 * with where it is read (`data-figure`), is looked up — by this file's own reading of the path
 * — in the `--json` answers of the CLI (some run as a separate process, the rest in-process)
 * and compared with the number as printed, parsed back from the French or English format.
 */
const root = join(import.meta.dirname, '..');
const SOMME = join(root, 'topology/somme.json');
const BUDGET = 3_884_950;
const YEARS = 3;
const somme = () => new NetworkWorkspace(topologyFromJSON(JSON.parse(readFileSync(SOMME, 'utf8'))));
const run = promisify(execFile);

/** `fibre-resilience ARGS --json` as a separate process, from the sources, parsed. */
async function cliProcess(...args: string[]): Promise<unknown> {
  const code = "import { main } from './src/cli/main.ts'; process.exitCode = await main(process.argv.slice(1));";
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code, ...args], { cwd: root, maxBuffer: 64 * 2 ** 20 });
  return JSON.parse(stdout);
}

// ---- Reading a figure's path, independently of src/report/figures.ts --------------------------------

type Json = unknown;

/** The value a path names in the answers: `a.b[2][id=X][?k=v1,v2][?k!=v]|count|sum`, and `P - Q`, `P + Q`, `P / Q`. */
function lookUp(answers: Record<string, Json>, path: string): number | null {
  const operator = / ([-+/]) /.exec(path);
  if (operator) {
    const a = lookUp(answers, path.slice(0, operator.index));
    const b = lookUp(answers, path.slice(operator.index + 3));
    if (a === null || b === null) return null;
    return operator[1] === '-' ? a - b : operator[1] === '+' ? a + b : a / b;
  }
  let i = 0;
  const read = (stop: RegExp) => {
    const start = i;
    while (i < path.length && !stop.test(path[i])) i++;
    return path.slice(start, i);
  };
  let value: Json = answers[read(/[.[|]/)];
  while (i < path.length) {
    const c = path[i++];
    if (c === '.') {
      const key = read(/[.[|]/);
      value = Array.isArray(value) ? value.map((x) => (x as Record<string, Json>)[key]) : (value as Record<string, Json>)[key];
    } else if (c === '[') {
      const inside = read(/\]/);
      i++;
      const list = value as Json[];
      if (/^\d+$/.test(inside)) {
        value = list[Number(inside)];
        continue;
      }
      const filter = inside.startsWith('?');
      const expression = filter ? inside.slice(1) : inside;
      const negated = expression.includes('!=');
      const [field, wanted] = expression.split(negated ? '!=' : '=');
      const hit = (x: Json) => wanted.split(',').includes(String((x as Record<string, Json>)[field])) !== negated;
      value = filter ? list.filter(hit) : list.find(hit);
      if (value === undefined) throw new Error(`${path}: nothing matches [${inside}]`);
    } else if (c === '|') {
      const reduction = read(/$^/);
      const list = value as Json[];
      value = reduction === 'count' ? list.length : (list.flat(3) as number[]).reduce((t, x) => t + x, 0);
    }
  }
  if (value === null) return null;
  if (typeof value !== 'number') throw new Error(`${path}: not a number: ${JSON.stringify(value)}`);
  return value;
}

// ---- Reading the HTML -------------------------------------------------------------------------------

interface Figure { path: string; format: string; text: string }

const unescapeHtml = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const withoutCharts = (html: string) => html.replace(/<svg[\s\S]*?<\/svg>/g, '').replace(/<style>[\s\S]*?<\/style>/, '');

function figuresOf(html: string): Figure[] {
  return [...withoutCharts(html).matchAll(/<span class="fig" data-figure="([^"]*)" data-format="([a-z]+)">([^<]*)<\/span>/g)]
    .map(([, path, format, text]) => ({ path: unescapeHtml(path), format, text: unescapeHtml(text) }));
}

/** A figure as printed, back to a number, and how precise the print is (half of its last digit), in the JSON's unit. */
function printedNumber(text: string, format: string, lang: 'fr' | 'en'): { value: number | null; tolerance: number } {
  if (text === '–') return { value: null, tolerance: 0 };
  const digits = lang === 'fr' ? text.replace(/[\u202f\u00a0 ]/g, '').replace(',', '.') : text.replace(/,/g, '');
  const match = /^-?\d+(?:\.(\d+))?/.exec(digits);
  if (!match) throw new Error(`not a number: "${text}"`);
  const decimals = match[1]?.length ?? 0;
  const scale = format === 'pct' ? 0.01 : format === 'km' ? 1000 : 1;
  return { value: Number(match[0]) * scale, tolerance: 0.5 * 10 ** -decimals * scale + 1e-9 };
}

/** The text of every sentence-like element, figures replaced by `#` and the data's own strings left out. */
function sentencesOf(html: string): string[] {
  const body = withoutCharts(html).replace(/<span class="fig"[^>]*>[^<]*<\/span>/g, '#').replace(/<span class="data">[^<]*<\/span>/g, '«»')
    .replace(/<blockquote class="data">[\s\S]*?<\/blockquote>/g, '').replace(/<code>[\s\S]*?<\/code>/g, '');
  return [...body.matchAll(/<(h1|h2|h3|p|li|caption|th|figcaption)\b[^>]*>([\s\S]*?)<\/\1>/g)]
    .map(([, , inner]) => unescapeHtml(inner.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim());
}

// ---- The answers ------------------------------------------------------------------------------------

let data: ReportData;
let html: { fr: string; en: string };
/** The `--json` answers of the CLI, under the names the report's paths use. */
let cli: Record<string, Json>;
/** The request functions' answers as JSON, on a workspace of their own. */
let requests: Record<string, Json>;

beforeAll(async () => {
  const network = { headends: [], includePlanned: false, withLinks: [] };
  data = await reportData(somme(), { network, plan: { budgetEur: BUDGET, years: YEARS } });
  html = { fr: await reportHtml(data, { lang: 'fr' }), en: await reportHtml(data, { lang: 'en' }) };
  const owners = data.sources.analysis.ownerImpact.map((o) => o.owner);
  const [analysis, plan, rank] = await Promise.all([
    cliProcess('analyse', SOMME, '--json'),
    cliProcess('plan', SOMME, '--budget', String(BUDGET), '--years', String(YEARS), '--json'),
    cliProcess('rank', SOMME, '--json'),
  ]);
  cli = {
    analysis, plan, rank,
    validate: await cliJson('validate', SOMME, '--json'),
    saturation: await cliJson('saturation', SOMME, '--json'),
    availability: await cliJson('availability', SOMME, '--json'),
    cuts: { owners: await Promise.all(owners.map(async (owner) => ({ owner, ...(await cliJson('cut', SOMME, '--owner', owner, '--reroute', '--json')) }))) },
  };
  requests = JSON.parse(JSON.stringify(data.sources));
}, 300_000);

describe('the report’s figures', () => {
  it('marks a good many figures, from every answer', () => {
    const figures = figuresOf(html.fr);
    expect(figures.length).toBeGreaterThan(300);
    const answers = new Set(figures.flatMap((f) => f.path.split(/ [-+/] /).map((p) => /^[a-z]+/i.exec(p)![0])));
    expect([...answers].sort()).toEqual(['analysis', 'availability', 'cuts', 'plan', 'rank', 'saturation', 'validate']);
  });

  for (const lang of ['fr', 'en'] as const) {
    it(`prints, in ${lang}, every figure as the CLI’s --json and the request functions give it`, () => {
      const wrong: string[] = [];
      for (const { path, format, text } of figuresOf(html[lang])) {
        const printed = printedNumber(text, format, lang);
        for (const [origin, answers] of [['cli', cli], ['request', requests]] as const) {
          const value = lookUp(answers, path);
          const same = value === null ? printed.value === null : printed.value !== null && Math.abs(printed.value - value) <= printed.tolerance;
          if (!same) wrong.push(`${path} (${format}): printed "${text}", ${origin} --json gives ${value}`);
        }
      }
      expect(wrong).toEqual([]);
    });
  }

  it('prints the key figures of the Somme programme as the seed’s committee would read them', () => {
    const figure = (path: string) => figuresOf(html.fr).find((f) => f.path === path)?.text;
    expect(figure('plan.years[0].capEur')).toBe('1\u202f294\u202f984\u00a0€');
    expect(figure('plan.budgetEur')).toBe('3\u202f884\u202f950\u00a0€');
    expect(figure('plan.funding.shares[0].share')).toBe('50\u00a0%');
    expect(figure('plan.funding.shares[1].share')).toBe('22,7\u00a0%');
    expect(figure('analysis.nros[?status!=secured]|count')).toBe('25');
    expect(figure('saturation.summary.sections.saturated')).toBe('6');
    expect(figure('validate.warnings[0].declared')).toBe('131\u202f618\u00a0m');
    // The cost of the links as the rows add up, not as declared (3 290 450 €).
    expect(figure('rank.links.links.costEur|sum')).toBe('3\u202f290\u202f452\u00a0€');
  });
});

describe('the report’s languages', () => {
  it('writes numbers the French way in French and the English way in English', () => {
    const fr = /^(?:–|-?\d{1,3}(?:\u202f\d{3})*(?:,\d+)?(?:\u00a0(?:€|€\/m|%|km|m|min))?)$/;
    const en = /^(?:–|-?\d{1,3}(?:,\d{3})*(?:\.\d+)?(?:\u00a0(?:€|€\/m|km|m|min)|%)?)$/;
    expect(figuresOf(html.fr).filter((f) => !fr.test(f.text))).toEqual([]);
    expect(figuresOf(html.en).filter((f) => !en.test(f.text))).toEqual([]);
    expect(figuresOf(html.fr).some((f) => f.text.includes('\u202f'))).toBe(true);
    expect(figuresOf(html.fr).some((f) => /\d,\d/.test(f.text))).toBe(true);
  });

  it('says every sentence differently in French and in English', () => {
    const fr = sentencesOf(html.fr);
    const en = sentencesOf(html.en);
    expect(fr.length).toBe(en.length);
    expect(fr.length).toBeGreaterThan(80);
    const words = (s: string) => s.match(/\p{L}{2,}/gu) ?? [];
    const same = fr.map((s, i) => [s, en[i]]).filter(([f, e]) => words(f).length >= 2 && f === e);
    expect(same).toEqual([]);
  });

  it('leaves no English in the French report but the file’s own strings', () => {
    const english = /\b(the|and|of|with|which|from|this|that|for|is|are|not|by|each|every|section|link|year|owner|works?)\b/i;
    expect(sentencesOf(html.fr).filter((s) => english.test(s))).toEqual([]);
    expect(html.fr).toMatch(/<html lang="fr">/);
    expect(html.en).toMatch(/<html lang="en">/);
  });

  it('is French unless asked', async () => {
    const { html: byDefault } = await reportRequest(somme(), { budgetEur: BUDGET, years: YEARS });
    expect(byDefault).toMatch(/<html lang="fr">/);
    expect(byDefault).toContain('Les NRO non sécurisés');
  }, 120_000);
});

describe('the report as a document', () => {
  it('is self-contained: inline style and SVG, no script, nothing to load', () => {
    for (const page of [html.fr, html.en]) {
      expect(page).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
      // The only URLs are the SVG namespaces, which are names, never loaded.
      const urls = [...new Set(page.match(/https?:\/\/[^\s"')<]+/g) ?? [])].sort();
      expect(urls).toEqual(['http://www.w3.org/1999/xlink', 'http://www.w3.org/2000/svg']);
      expect((page.match(/<svg /g) ?? []).length).toBe(4);
    }
  });

  it('names sites rather than printing their ids, in every table cell it can', () => {
    // NRO and POP ids appear only as the short code after a name (CAY, POP), never as `NRO-CAY`.
    const text = withoutCharts(html.fr).replace(/<code>[\s\S]*?<\/code>/g, '').replace(/data-figure="[^"]*"/g, '');
    expect(text.match(/\b(?:NRO|POP|HE|J)-[A-Z0-9-]+/g) ?? []).toEqual([]);
    expect(html.fr).toContain('Cayeux-sur-Mer <span class="id">CAY</span>');
  });

  it('keeps every table to a page at most', () => {
    const rows = [...withoutCharts(html.fr).matchAll(/<tbody>([\s\S]*?)<\/tbody>/g)].map(([, body]) => (body.match(/<tr>/g) ?? []).length);
    expect(rows.length).toBeGreaterThan(8);
    expect(Math.max(...rows)).toBeLessThanOrEqual(28);
  });
});

describe('report requests and the command', () => {
  it('checks its request at the entry point, each problem naming its field', async () => {
    const ws = somme();
    const field = async (input: Parameters<typeof reportRequest>[1]) => {
      const error = await reportRequest(ws, input).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RequestError);
      return (error as RequestError).issues.map((i) => i.field);
    };
    expect(await field({ lang: 'de' as never })).toEqual(['lang']);
    expect(await field({ years: 0 })).toEqual(['years']);
    expect(await field({ budgetEur: -1 })).toEqual(['budgetEur']);
    expect(await field({ yearlyCapEur: 1, yearlyBudgetsEur: [1] })).toEqual(['yearlyBudgetsEur']);
    expect(await field({ colour: 'blue' } as never)).toEqual(['request']);
  });

  it('writes the HTML the command is asked for, and refuses an output it cannot write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fibre-report-'));
    const out: string[] = [];
    let err = '';
    const io = { out: (t: string | Uint8Array) => out.push(String(t)), err: (t: string) => (err += t) };
    const command = (...args: string[]) => reportCommand.run(parseArgs({ args, options: reportCommand.options, allowPositionals: true, strict: true }), io);
    const file = join(dir, 'somme.html');
    expect(await command(SOMME, '-o', file, '--budget', '3 884 950', '--years', '3', '--lang', 'en', '--json')).toBe(0);
    const written = JSON.parse(out.join(''));
    expect(written).toMatchObject({ output: file, format: 'html', lang: 'en' });
    const page = readFileSync(file, 'utf8');
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).toContain('<html lang="en">');
    expect(written.bytes).toBe(Buffer.byteLength(page));
    expect(err).toContain('report: analysing');
    await expect(command(SOMME, '-o', join(dir, 'somme.docx'))).rejects.toBeInstanceOf(UsageError);
    await expect(command(SOMME)).rejects.toBeInstanceOf(UsageError);
  }, 120_000);

  it('answers the API’s question with the HTML and a policy that lets nothing load', async () => {
    const answer = await reportQuestion(somme(), { request: { budgetEur: BUDGET, years: YEARS, lang: 'fr' }, format: 'html' });
    expect(answer.type).toBe('text/html; charset=utf-8');
    expect(answer.headers['content-security-policy']).toContain("default-src 'none'");
    expect(String(answer.text)).toContain('Le programme année par année');
  }, 120_000);
});
