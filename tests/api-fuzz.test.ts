import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { zipSync } from 'fflate';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/app.js';
import type { Topology } from '../src/model/schema.js';
import { SOMME_FILE, tempFolders, tinyTopology, listening } from './support/api.js';
import {
  deepArrayText, nastyString, type OpenApiDocument, type Operation, type Parameter, queryString, resolveRef, type Schema, SchemaArbitraries,
} from './support/openapi-arbitraries.js';

/**
 * Fuzzes every route of `/openapi.json` (but /docs/*) with requests generated from the document
 * itself: path ids real and not, query parameters within and outside their schemas, JSON bodies
 * per schema and broken in one place, zips, and header variants. Properties: never a 5xx (the
 * pool is left at its defaults, so no 503 busy or deadline is expected either), every error in
 * the API's format naming a field, every answer of a media type the document lists for its route
 * and status, and /health answering afterwards. The rate limit is off for the inject runs (it
 * would answer 429s in place of the routes); the real-server runs use the same app.
 *
 * Reproducible: FUZZ_SEED=<n> picks the seed (printed on failure), FUZZ_RUNS=<n> scales the runs.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_611);
const SCALE = Number(process.env.FUZZ_RUNS ?? 1);
const TOKEN = 'fuzz-token';
const GRACETHD = join(import.meta.dirname, 'fixtures/gracethd-demo');

interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

interface FuzzAnswer {
  status: number;
  headers: Record<string, string | undefined>;
  text: string;
}

interface Route {
  path: string;
  method: string;
  operation: Operation;
}

const somme = JSON.parse(readFileSync(SOMME_FILE, 'utf8')) as Topology & { redundancyLinks: Array<{ id: string }>; desaturationWorks: Array<{ id: string }> };
const SITE_IDS = somme.sites.map((s) => s.id);
const SECTION_IDS = somme.sections.map((s) => s.id);
const RISK_GROUPS = [...new Set(somme.sections.flatMap((s) => s.riskGroups ?? []))];
const OWNERS = [...new Set(somme.sections.map((s) => s.owner))];
const LINKS = somme.redundancyLinks.map((l) => l.id);
const WORKS = somme.desaturationWorks.map((w) => w.id);
const TOPOLOGY_IDS = ['somme', 'handmade', 'rand'];
const COLLECTION_IDS = ['sites', 'sections', 'nros', 'critical-sections', 'saturation', 'availability'];

/** Names the document gives a value, and the real values worth trying for them. */
const HINTS: Record<string, readonly unknown[]> = {
  headend: ['HE-AMIENS', 'HE-SMSN', 'NRO-ABV'],
  withLink: LINKS.slice(0, 4),
  sections: [SECTION_IDS.slice(0, 3), ['S-040'], SECTION_IDS],
  sites: [['NRO-ABV'], SITE_IDS.slice(0, 5)],
  riskGroups: [RISK_GROUPS.slice(0, 2)],
  owners: [['SMSN'], OWNERS],
  mandatory: [[WORKS[0]], [LINKS[0]]],
  budgetEur: [3_884_950, 1_000_000, 0],
};

/** The media type of a Content-Type header, lower case, without parameters. */
const essence = (type: string | undefined) => (type ?? '').split(';')[0].trim().toLowerCase();

function gracethdZip(): Buffer {
  const entries: Record<string, Uint8Array> = {};
  for (const name of readdirSync(GRACETHD)) entries[`livraison/${name}`] = new Uint8Array(readFileSync(join(GRACETHD, name)));
  return Buffer.from(zipSync(entries));
}

/** Everything the fuzz test needs built once: the app, its document, and the request arbitraries per route. */
class Fuzzer {
  readonly routes: Route[];
  private readonly build: SchemaArbitraries;
  private readonly demoZip = gracethdZip();

  constructor(readonly document: OpenApiDocument) {
    this.build = new SchemaArbitraries(document, { hints: HINTS, maxArray: 4 });
    this.routes = Object.entries(document.paths)
      .filter(([path]) => !path.startsWith('/docs'))
      .flatMap(([path, item]) => Object.entries(item).map(([method, operation]) => ({ path, method: method.toUpperCase(), operation })));
  }

  parameters(route: Route): Parameter[] {
    return (route.operation.parameters ?? []).map((p) => resolveRef(this.document, p));
  }

  pathValue(name: string): fc.Arbitrary<string> {
    const real = name === 'collectionId' ? COLLECTION_IDS : name === 'featureId' ? [...SITE_IDS.slice(0, 10), ...SECTION_IDS.slice(0, 10)] : TOPOLOGY_IDS;
    // Raw as they are; `.` and `..` percent-encoded, else the client resolves them as path segments (another route).
    const raw = fc.constantFrom('%zz', '%', '%E9', '%C3%28', '%00', '%2F', '%2E%2E', 'a%2Fb', '%25', 'a'.repeat(300), 'x'.repeat(2_500));
    const encode = (s: string) => (/^\.+$/.test(s) ? s.replace(/\./g, '%2E') : encodeURIComponent(s));
    return fc.oneof(
      { arbitrary: fc.constantFrom(...real).map(encodeURIComponent), weight: 6 },
      { arbitrary: nastyString.filter((s) => s !== '').map(encode), weight: 3 },
      { arbitrary: raw, weight: 2 },
    );
  }

  headers(route: Route): fc.Arbitrary<Record<string, string>> {
    const secured = (route.operation.security ?? []).length > 0;
    const accept = fc.constantFrom(undefined, 'application/json', 'application/geo+json', '*/*', 'text/html', 'application/xml', 'image/png', '',
      'application/geo+json;q=0.9, application/json;q=0.1', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'garbage;;;q=x',
      'application/vnd.oai.openapi+json;version=3.0, application/json');
    const authorization = secured
      ? fc.oneof({ arbitrary: fc.constant(`Bearer ${TOKEN}`), weight: 6 }, { arbitrary: fc.constantFrom(undefined, 'Bearer', 'Bearer wrong', `bearer ${TOKEN}`, `Basic ${Buffer.from('a:b').toString('base64')}`, `Bearer ${'t'.repeat(5_000)}`, 'garbage'), weight: 2 })
      : fc.constantFrom(undefined, `Bearer ${TOKEN}`, 'Bearer wrong');
    const ifMatch = fc.constantFrom(undefined, undefined, undefined, '*', '"garbage"', 'W/"x"', '"a", "b"', 'no-quotes', '"'.repeat(50), `"${'e'.repeat(3_000)}"`);
    const requestId = fc.constantFrom(undefined, undefined, 'fuzz-1', 'x'.repeat(2_000), '  ');
    return fc.record({ accept, authorization, ifMatch, ifNoneMatch: ifMatch, requestId }).map((h) => {
      const headers: Record<string, string> = {};
      if (h.accept !== undefined) headers.accept = h.accept;
      if (h.authorization !== undefined) headers.authorization = h.authorization;
      if (h.ifMatch !== undefined) headers['if-match'] = h.ifMatch;
      if (h.ifNoneMatch !== undefined) headers['if-none-match'] = h.ifNoneMatch;
      if (h.requestId !== undefined) headers['x-request-id'] = h.requestId;
      return headers;
    });
  }

  /** A body and its Content-Type for a route documenting a request body. */
  body(route: Route): fc.Arbitrary<{ body?: string | Buffer; type?: string }> {
    const content = route.operation.requestBody?.content ?? {};
    const documented = Object.keys(content);
    if (documented.length === 0) return fc.constant({});
    const otherTypes = fc.constantFrom(undefined, 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/zip',
      'application/json; charset=utf-8', 'application/json; charset=latin1', 'application/geo+json', 'garbage', '', 'application/json;;', 'APPLICATION/JSON');
    const type = fc.oneof({ arbitrary: fc.constantFrom(...documented), weight: 6 }, { arbitrary: otherTypes, weight: 1 });
    if (documented.some((t) => t.includes('zip'))) return fc.tuple(this.zipBody(), type).map(([body, t]) => ({ body, type: t }));
    return fc.tuple(this.jsonBody(content[documented[0]].schema ?? {}, route), type).map(([body, t]) => ({ body, type: t }));
  }

  private jsonBody(schemaIn: Schema, route: Route): fc.Arbitrary<string> {
    const schema = this.build.resolve(schemaIn);
    const documents: unknown[] = route.method === 'PUT' || route.path === '/v1/validate'
      ? [tinyTopology(), { ...tinyTopology(), sections: [] }, { ...tinyTopology(), format: 'fibre-topology/2' }, { type: 'FeatureCollection', features: [] }]
      : [];
    const texts = fc.constantFrom('', '{', 'null', '[]', '"text"', '1e400', '{"a":', '\uFEFF{}', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"x":1}}}',
      deepArrayText(100_000), `{"sections":${deepArrayText(100_000)}}`, `{"a":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`);
    const huge = fc.constantFrom(10_001, 100_000).map((n) => JSON.stringify({ sections: Array.from({ length: n }, (_, i) => `S-${i}`), budgetEur: 1, type: 'Polygon' }));
    return fc.oneof(
      { arbitrary: this.build.valid(schema).map((v) => JSON.stringify(v)), weight: 5 },
      { arbitrary: this.build.invalid(schema).map((v) => JSON.stringify(v) ?? 'null'), weight: 3 },
      { arbitrary: this.build.mutatedObject(schema).map((v) => JSON.stringify(v)), weight: 3 },
      { arbitrary: documents.length > 0 ? fc.constantFrom(...documents).map((d) => JSON.stringify(d)) : fc.constant('{}'), weight: documents.length > 0 ? 4 : 0 },
      { arbitrary: texts, weight: 1 },
      { arbitrary: huge, weight: 1 },
    );
  }

  private zipBody(): fc.Arbitrary<Buffer> {
    const demo = this.demoZip;
    const csv = fc.array(fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('nd_code', 'cm_code', 'POINT(1 2)', '"', '\r\n')), { minLength: 1, maxLength: 5 }), { maxLength: 6 })
      .map((rows) => new TextEncoder().encode(rows.map((r) => r.join(';')).join('\n')));
    const name = fc.constantFrom('t_noeud.csv', 't_cheminement.csv', 'livraison/t_noeud.csv', 't_cheminement.shp', 't_cheminement.dbf', 'readme.txt', '../evil.csv', `${'a/'.repeat(50)}x.csv`);
    const zip = fc.dictionary(name, csv, { minKeys: 0, maxKeys: 4 }).map((entries) => Buffer.from(zipSync(entries)));
    const mangled = fc.tuple(fc.integer({ min: 0, max: demo.length - 1 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 22, max: demo.length }))
      .map(([at, byte, cut]) => {
        const copy = Buffer.from(demo);
        copy[at] = byte;
        return copy.subarray(0, cut);
      });
    return fc.oneof(
      { arbitrary: fc.uint8Array({ maxLength: 2_000 }).map((b) => Buffer.from(b)), weight: 2 },
      { arbitrary: zip, weight: 3 },
      { arbitrary: fc.constant(demo), weight: 1 },
      { arbitrary: mangled, weight: 2 },
      { arbitrary: fc.constant(Buffer.alloc(0)), weight: 1 },
    );
  }

  /** One request to a route, generated from its operation in the document. */
  request(route: Route): fc.Arbitrary<FuzzRequest> {
    const parameters = this.parameters(route);
    const pathNames = parameters.filter((p) => p.in === 'path').map((p) => p.name);
    const query = parameters.filter((p) => p.in === 'query');
    const pathValues = fc.tuple(...pathNames.map((n) => this.pathValue(n)));
    const queryValues = fc.tuple(...query.map((p) => this.build.queryValue(p)));
    const raw = fc.subarray(['%zz', 'f=%zz', '%', '=', '&', 'unknown=1', '__proto__=1', 'constructor[prototype][x]=1', `pad=${'p'.repeat(3_000)}`], { maxLength: 2 });
    return fc.tuple(pathValues, queryValues, raw, this.headers(route), this.body(route)).map(([paths, values, rawPieces, headers, { body, type }]) => {
      let url = route.path;
      for (const [i, name] of pathNames.entries()) url = url.replace(`{${name}}`, paths[i]);
      const q = Object.fromEntries(query.map((p, i) => [p.name, values[i]]));
      url += queryString(q, rawPieces);
      const all = { ...headers };
      if (type !== undefined) all['content-type'] = type;
      return { method: route.method, url, headers: all, ...(body !== undefined && { body }) };
    });
  }
}

/**
 * Finds the documented route of a request URL (path templates of the document), once the URL is
 * resolved as clients resolve it: `/ogc/%2E%2E` is `/` for a WHATWG URL (inject and fetch alike).
 */
function matchRoute(routes: Route[], method: string, url: string): Route | undefined {
  const resolved = new URL(url, 'http://fuzz.invalid').pathname;
  const path = resolved.length > 1 ? resolved.replace(/\/$/, '') : resolved; // the router ignores a trailing slash
  return routes.find((r) => r.method === method && new RegExp(`^${r.path.replace(/\{[^}]+\}/g, '[^/]*')}$`).test(path));
}

/** Findings that are not failures, listed at the end: statuses a route gives that its document omits. */
const undocumented = new Map<string, number>();

/** The properties every answer keeps. Throws (with the request) when one is broken. */
function checkAnswer(route: Route, request: FuzzRequest, answer: FuzzAnswer): void {
  const where = `${request.method} ${request.url.slice(0, 300)} ${JSON.stringify(request.headers).slice(0, 300)} body ${String(request.body ?? '').slice(0, 200)}`;
  const { status } = answer;
  const type = essence(answer.headers['content-type']);
  if (status >= 500) {
    const body = safeJson(answer.text) as { code?: string; details?: Array<{ field?: string }> } | undefined;
    const tolerated = status === 503 && ['busy', 'deadline-exceeded', 'tiles-building'].includes(body?.code ?? '') && (answer.headers['retry-after'] || body?.details?.[0]?.field);
    if (!tolerated) throw new Error(`a ${status} for ${where}: ${answer.text.slice(0, 500)}`);
  }
  const responses = route.operation.responses ?? {};
  const documented = responses[String(status)];
  if (status >= 400) {
    if (type !== 'application/json') throw new Error(`error ${status} of type ${answer.headers['content-type']} for ${where}`);
    const body = safeJson(answer.text) as { code?: unknown; message?: unknown; details?: Array<{ field?: unknown; message?: unknown }> } | undefined;
    if (!body || typeof body.code !== 'string' || typeof body.message !== 'string' || !Array.isArray(body.details)) {
      throw new Error(`error ${status} not in the error format for ${where}: ${answer.text.slice(0, 300)}`);
    }
    if (body.details.length === 0 || !body.details.every((d) => typeof d.field === 'string' && d.field !== '' && typeof d.message === 'string')) {
      throw new Error(`error ${status} (${body.code}) without a detail naming a field for ${where}: ${answer.text.slice(0, 300)}`);
    }
    if (!documented) {
      const key = `${route.method} ${route.path} ${status} ${body.code}`;
      undocumented.set(key, (undocumented.get(key) ?? 0) + 1);
    }
    return;
  }
  if (!documented) throw new Error(`status ${status} not documented for ${route.method} ${route.path}: ${where}`);
  const listed = Object.keys(documented.content ?? {}).map(essence);
  if (listed.length === 0) {
    if (answer.text.length > 0) throw new Error(`${status} with a body of type ${type} where the document lists none, for ${where}`);
    return;
  }
  if (!listed.includes(type)) throw new Error(`${status} of type ${type}, not among ${listed.join(', ')}, for ${where}`);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Runs a property with the seed, and says how to replay it when it fails. */
async function assertSeeded<T>(name: string, arbitrary: fc.Arbitrary<T>, predicate: (value: T) => Promise<void>, numRuns: number, seed: number) {
  try {
    await fc.assert(fc.asyncProperty(arbitrary, predicate), { seed, numRuns: Math.max(1, Math.round(numRuns * SCALE)), endOnFailure: true });
  } catch (error) {
    console.error(`fuzz failure in ${name}: replay with FUZZ_SEED=${seed} (${(error as Error).message.split('\n')[0]})`);
    throw error;
  }
}

/**
 * Runs per route: fewer where each distinct request computes (the rankings take about a second on
 * the Somme, a proposal a few, the committee report several and a PDF more).
 */
function runsOf(route: Route): number {
  if (route.path.endsWith('/report')) return 12;
  if (route.path.endsWith('/proposals')) return 30;
  if (route.path.endsWith('/rankings')) return 40;
  if (route.path === '/v1/import/gracethd') return 120;
  if (route.path.startsWith('/v1/topologies/{id}/')) return 150;
  if (route.method !== 'GET') return 200;
  return route.path.includes('{') ? 220 : 60;
}

describe('fuzzing every route of the OpenAPI document', () => {
  let app: FastifyInstance;
  let fuzzer: Fuzzer;
  let total = 0;
  const statuses = new Map<number, number>();

  beforeAll(async () => {
    const folders = tempFolders();
    copyFileSync(SOMME_FILE, join(folders.seedDir, 'somme.json'));
    app = await buildApp({ topologyDir: folders.seedDir, dataDir: folders.dataDir, token: TOKEN, rateLimit: false, workers: 2 });
    const res = await app.inject('/openapi.json');
    expect(res.statusCode).toBe(200);
    fuzzer = new Fuzzer(res.json() as OpenApiDocument);
  });
  afterAll(async () => {
    console.log(`fuzz: ${total} requests by inject, seed ${SEED}; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
    if (undocumented.size > 0) console.log(`fuzz: statuses a route gave that its document does not list:\n  ${[...undocumented].map(([k, n]) => `${k} ×${n}`).join('\n  ')}`);
    await app?.close();
  });

  it('covers every path and method of the document', () => {
    const listed = fuzzer.routes.map((r) => `${r.method} ${r.path}`);
    expect(listed).toContain('POST /v1/import/gracethd');
    expect(listed).toContain('GET /ogc/{topologyId}/collections/{collectionId}/items/{featureId}');
    expect(listed.length).toBeGreaterThanOrEqual(19);
  });

  it('answers every generated request by inject without a 5xx, in the documented types and the error format', async () => {
    const started = performance.now();
    for (const [index, route] of fuzzer.routes.entries()) {
      const runs = runsOf(route);
      await assertSeeded(`${route.method} ${route.path}`, fuzzer.request(route), async (request) => {
        const res = await app.inject({ method: request.method as 'GET', url: request.url, headers: request.headers, ...(request.body !== undefined && { payload: request.body }) });
        total++;
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        const matched = matchRoute(fuzzer.routes, request.method, request.url) ?? route;
        checkAnswer(matched, request, { status: res.statusCode, headers: res.headers as Record<string, string>, text: res.body });
      }, runs, SEED + index);
    }
    const health = await app.inject('/health');
    expect(health.statusCode).toBe(200);
    console.log(`fuzz: inject runs took ${Math.round(performance.now() - started)} ms`);
  }, 120_000);

  it('answers a few hundred generated requests over a real listening server, and /health after', async () => {
    const root = await listening(app);
    const started = performance.now();
    let sent = 0;
    // Only what fetch can send: printable ASCII headers, no body on a GET.
    const ascii = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).filter(([, v]) => /^[\x20-\x7e]*$/.test(v)));
    const anyRequest = fc.constantFrom(...fuzzer.routes).chain((route) => fuzzer.request(route).map((request) => ({ route, request })));
    await assertSeeded('real server', anyRequest, async ({ route, request }) => {
      const res = await fetch(`${root}${request.url}`, {
        method: request.method,
        headers: ascii(request.headers),
        ...(request.body !== undefined && request.method !== 'GET' && { body: typeof request.body === 'string' ? request.body : new Uint8Array(request.body) }),
      });
      const text = await res.text();
      sent++;
      checkAnswer(matchRoute(fuzzer.routes, request.method, request.url) ?? route, request, { status: res.status, headers: Object.fromEntries(res.headers), text });
    }, 300, SEED - 1);
    const health = await fetch(`${root}/health`);
    expect(health.status).toBe(200);
    console.log(`fuzz: ${sent} requests over HTTP in ${Math.round(performance.now() - started)} ms`);
  }, 120_000);
});
