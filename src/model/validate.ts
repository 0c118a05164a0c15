import { z } from 'zod';
import { DesaturationWork, RedundancyLink, Section, Site, Topology } from './schema.js';

/** One thing wrong with a topology document, located by JSON path and by the id concerned. */
export interface Problem {
  /** JSONPath of the offending value, e.g. `$.sections[3].lengthM`. */
  path: string;
  /** Id of the element concerned, when there is one. */
  id?: string;
  code: string;
  message: string;
}

export type ValidationResult =
  | { ok: true; topology: Topology; problems: [] }
  | { ok: false; problems: Problem[] };

type Loose = Record<string, unknown>;
const COLLECTIONS = ['sites', 'sections', 'redundancyLinks', 'desaturationWorks'] as const;

/** Formats a path of keys and indices as JSONPath: `['sections', 3, 'id']` → `$.sections[3].id`. */
export function jsonPath(keys: readonly PropertyKey[]): string {
  return keys.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : `${acc}.${String(key)}`),
    '$',
  );
}

/**
 * Checks a parsed JSON value against the `fibre-topology/1` format and reports every problem at
 * once: structure (zod) and meaning (duplicate ids, dangling references, self-loops, fibres used
 * beyond capacity, existing sections ending at planned sites).
 *
 * @example
 * const result = validateTopology(JSON.parse(text));
 * if (!result.ok) for (const p of result.problems) console.error(p.path, p.id, p.message);
 */
export function validateTopology(input: unknown): ValidationResult {
  const problems = structuralProblems(input, structuralIssues(input));
  if (isObject(input)) problems.push(...semanticProblems(input));
  // The format has no defaults nor transforms: a valid input is its own parsed value, which
  // spares a copy of a national network.
  if (problems.length === 0) return { ok: true, topology: input as Topology, problems: [] };
  return { ok: false, problems: dedupe(problems) };
}

const ELEMENTS = { sites: Site, sections: Section, redundancyLinks: RedundancyLink, desaturationWorks: DesaturationWork };
const Shell = Topology.extend({
  sites: z.array(z.unknown()),
  sections: z.array(z.unknown()),
  redundancyLinks: z.array(z.unknown()).optional(),
  desaturationWorks: z.array(z.unknown()).optional(),
});

/**
 * The zod issues of the document, checked element by element so that no copy of a large
 * document is made, in document order.
 */
function structuralIssues(input: unknown): z.core.$ZodIssue[] {
  const shell = Shell.safeParse(input);
  const issues = shell.success ? [] : shell.error.issues;
  if (!isObject(input)) return issues;
  const ordered = issues.filter((issue) => issue.path.length === 0);
  for (const key of Object.keys(Topology.shape)) {
    ordered.push(...issues.filter((issue) => issue.path[0] === key));
    const schema = ELEMENTS[key as keyof typeof ELEMENTS];
    const list = input[key];
    if (!schema || !Array.isArray(list)) continue;
    list.forEach((element, index) => {
      const result = schema.safeParse(element);
      if (!result.success) ordered.push(...result.error.issues.map((issue) => ({ ...issue, path: [key, index, ...issue.path] })));
    });
  }
  return ordered;
}

function structuralProblems(input: unknown, issues: z.core.$ZodIssue[]): Problem[] {
  return issues.map((issue) => {
    const id = idAt(input, issue.path);
    const field = issue.path.length ? String(issue.path[issue.path.length - 1]) : 'document';
    const unknown = issue.code === 'unrecognized_keys';
    return {
      path: jsonPath(issue.path),
      ...(id !== undefined && { id }),
      code: unknown ? 'unknown-field' : 'invalid-value',
      message: unknown ? `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}` : `${field}: ${issue.message}`,
    };
  });
}

/** The id of the collection element a path points into, e.g. the section at `sections[3]`. */
function idAt(input: unknown, path: readonly PropertyKey[]): string | undefined {
  if (path.length < 2 || !isObject(input)) return undefined;
  const list = input[path[0] as string];
  const element = Array.isArray(list) ? list[path[1] as number] : undefined;
  return isObject(element) && typeof element.id === 'string' ? element.id : undefined;
}

function semanticProblems(doc: Loose): Problem[] {
  const problems: Problem[] = [];
  const report = (path: PropertyKey[], id: string | undefined, code: string, message: string) =>
    problems.push({ path: jsonPath(path), ...(id !== undefined && { id }), code, message });

  const idsByKind = new Map<string, Map<string, Loose>>();
  for (const kind of COLLECTIONS) {
    const byId = new Map<string, Loose>();
    idsByKind.set(kind, byId);
    forEachElement(doc, kind, (element, index) => {
      const id = element.id;
      if (typeof id !== 'string') return;
      if (byId.has(id)) report([kind, index, 'id'], id, 'duplicate-id', `duplicate ${singular(kind)} id "${id}"`);
      else byId.set(id, element);
    });
  }
  const sites = idsByKind.get('sites')!;
  const sections = idsByKind.get('sections')!;
  /** The site a reference names, reporting it when unknown; paths are built only for problems. */
  const siteRef = (kind: string, index: number, field: string, owner: string | undefined, ref: unknown) => {
    if (typeof ref !== 'string') return undefined;
    const site = sites.get(ref);
    if (!site) report([kind, index, field], owner, 'unknown-site', `${field} names unknown site "${ref}"`);
    return site;
  };

  forEachElement(doc, 'sections', (s, i) => {
    const id = stringOrUndefined(s.id);
    const existing = (s.status ?? 'existing') === 'existing';
    for (const end of ['from', 'to'] as const) {
      const site = siteRef('sections', i, end, id, s[end]);
      if (existing && site?.status === 'planned') {
        report(['sections', i, end], id, 'existing-to-planned', `existing section ends at planned site "${String(s[end])}"`);
      }
    }
    if (typeof s.from === 'string' && s.from === s.to) {
      report(['sections', i, 'to'], id, 'self-loop', `section joins site "${s.from}" to itself`);
    }
    if (typeof s.usedFibres === 'number' && typeof s.capacityFibres === 'number' && s.usedFibres > s.capacityFibres) {
      report(['sections', i, 'usedFibres'], id, 'over-capacity',
        `usedFibres ${s.usedFibres} exceeds capacityFibres ${s.capacityFibres}`);
    }
  });

  forEachElement(doc, 'redundancyLinks', (l, i) => {
    const id = stringOrUndefined(l.id);
    siteRef('redundancyLinks', i, 'a', id, l.a);
    siteRef('redundancyLinks', i, 'b', id, l.b);
    if (typeof l.a === 'string' && l.a === l.b) {
      report(['redundancyLinks', i, 'b'], id, 'self-loop', `link joins site "${l.a}" to itself`);
    }
  });

  forEachElement(doc, 'desaturationWorks', (w, i) => {
    const id = stringOrUndefined(w.id);
    if (!Array.isArray(w.sections)) return;
    w.sections.forEach((ref, j) => {
      if (typeof ref === 'string' && !sections.has(ref)) {
        report(['desaturationWorks', i, 'sections', j], id, 'unknown-section', `names unknown section "${ref}"`);
      }
    });
  });
  return problems;
}

function forEachElement(doc: Loose, kind: string, visit: (element: Loose, index: number) => void): void {
  const list = doc[kind];
  if (!Array.isArray(list)) return;
  for (let index = 0; index < list.length; index++) if (isObject(list[index])) visit(list[index], index);
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}|${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const singular = (kind: string) =>
  ({ sites: 'site', sections: 'section', redundancyLinks: 'redundancy link', desaturationWorks: 'desaturation work' })[kind] ?? kind;

const stringOrUndefined = (value: unknown) => (typeof value === 'string' ? value : undefined);

function isObject(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
