import { z } from 'zod';
import { elementEnds, elementIndex, type IdIndex } from './id-index.js';
import { DesaturationWork, RedundancyLink, RentableConduit, Section, Site, Topology } from './schema.js';

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
const COLLECTIONS = ['sites', 'sections', 'redundancyLinks', 'desaturationWorks', 'rentableConduits'] as const;

/** Formats a path of keys and indices as JSONPath: `['sections', 3, 'id']` → `$.sections[3].id`. */
export function jsonPath(keys: readonly PropertyKey[]): string {
  return keys.reduce<string>(
    (acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : `${acc}.${String(key)}`),
    '$',
  );
}

/** How `validateTopology` works; the problems it reports do not depend on it. */
export interface ValidateOptions {
  /**
   * Skip zod's parser for the elements its compiled validator (`z.compile`) accepts, parsing only
   * the others for their issues. Default `true`; `false` parses every element, the reference the
   * fast path is tested against.
   */
  fastPath?: boolean;
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
export function validateTopology(input: unknown, options: ValidateOptions = {}): ValidationResult {
  const problems = structuralProblems(input, structuralIssues(input, options.fastPath ?? true));
  if (isObject(input)) semanticProblems(input, problems);
  // The format has no defaults nor transforms: a valid input is its own parsed value, which
  // spares a copy of a national network.
  if (problems.length === 0) return { ok: true, topology: input as Topology, problems: [] };
  return { ok: false, problems: dedupe(problems) };
}

const ELEMENTS = { sites: Site, sections: Section, redundancyLinks: RedundancyLink, desaturationWorks: DesaturationWork, rentableConduits: RentableConduit };
const Shell = Topology.extend({
  sites: z.array(z.unknown()),
  sections: z.array(z.unknown()),
  redundancyLinks: z.array(z.unknown()).optional(),
  desaturationWorks: z.array(z.unknown()).optional(),
  rentableConduits: z.array(z.unknown()).optional(),
});

const zodIssues = (schema: z.ZodType, value: unknown) => schema.safeParse(value).error?.issues ?? [];

const acceptsNothing = () => false;
const compiledChecks = new Map<z.ZodType, (value: unknown) => boolean>();

/**
 * zod's own compiled validator of a schema (`z.compile`, generated code that falls back to
 * zod's parser on anything it cannot decide), built on first use: `true` only for a value zod
 * accepts. About 60 ns a section rather than 1.5 µs for `safeParse`.
 */
function compiledCheck(schema: z.ZodType): (value: unknown) => boolean {
  let check = compiledChecks.get(schema);
  if (!check) {
    const compiled = z.compile(schema);
    check = (value) => z.validate(compiled, value);
    compiledChecks.set(schema, check);
  }
  return check;
}

/**
 * The zod issues of the document, checked element by element so that no copy of a large
 * document is made, in document order. With the fast path, a valid document is accepted by one
 * compiled check of the whole, and in any other the parser runs only on the parts that the
 * compiled checks of the shell and of each element reject.
 */
function structuralIssues(input: unknown, fastPath: boolean): z.core.$ZodIssue[] {
  if (fastPath && compiledCheck(Topology)(input)) return [];
  const issues = fastPath && compiledCheck(Shell)(input) ? [] : zodIssues(Shell, input);
  if (!isObject(input)) return issues;
  const ordered = issues.filter((issue) => issue.path.length === 0);
  for (const key of Object.keys(Topology.shape)) {
    ordered.push(...issues.filter((issue) => issue.path[0] === key));
    const schema = ELEMENTS[key as keyof typeof ELEMENTS];
    const list = input[key];
    if (!schema || !Array.isArray(list)) continue;
    const accepts = fastPath ? compiledCheck(schema) : acceptsNothing;
    for (let index = 0; index < list.length; index++) {
      if (accepts(list[index])) continue;
      for (const issue of zodIssues(schema, list[index])) ordered.push({ ...issue, path: [key, index, ...issue.path] });
    }
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

/**
 * Appends the problems of meaning, in document order of each pass: duplicate ids (sites,
 * sections, links, works, rentable conduits — whose ids differ from every other), then the
 * sections' ends, self-loops and capacities, then the links' ends, then the conduits' ends and
 * self-loops, then the works' sections. Plain loops, ids looked up in batches (`IdIndex`), and paths
 * built only for problems: a national network has two million elements.
 */
function semanticProblems(doc: Loose, problems: Problem[]): void {
  const [siteList, sectionList, linkList, workList, conduitList] = COLLECTIONS.map((kind) => (Array.isArray(doc[kind]) ? (doc[kind] as unknown[]) : []));
  const sites = indexIds(siteList, 'sites', problems);
  const sections = indexIds(sectionList, 'sections', problems);
  const links = indexIds(linkList, 'redundancyLinks', problems);
  const works = indexIds(workList, 'desaturationWorks', problems);
  const conduits = indexIds(conduitList, 'rentableConduits', problems);
  if (conduitList.length > 0) conduitIdProblems(conduitList, conduits, { sites, sections, redundancyLinks: links, desaturationWorks: works }, problems);
  const planned = plannedFlags(siteList);
  /** Reports an end naming an unknown site or, for an existing section, a planned one (the first site of that id). */
  const checkEnd = (kind: Collection, index: number, field: string, owner: string | undefined, ref: unknown, site: number, existing: boolean) => {
    if (typeof ref !== 'string') return;
    if (site < 0) report(problems, [kind, index, field], owner, 'unknown-site', `${field} names unknown site "${ref}"`);
    else if (existing && planned[site] === 1) report(problems, [kind, index, field], owner, 'existing-to-planned', `existing section ends at planned site "${ref}"`);
  };

  const sectionEnds = elementEnds(sectionList, 'from', 'to', siteList);
  for (let i = 0; i < sectionList.length; i++) {
    const section = sectionList[i];
    if (!isObject(section)) continue;
    const { from, to, usedFibres, capacityFibres } = section;
    const id = stringOrUndefined(section.id);
    const existing = (section.status ?? 'existing') === 'existing';
    checkEnd('sections', i, 'from', id, from, sectionEnds[2 * i], existing);
    checkEnd('sections', i, 'to', id, to, sectionEnds[2 * i + 1], existing);
    if (typeof from === 'string' && from === to) report(problems, ['sections', i, 'to'], id, 'self-loop', `section joins site "${from}" to itself`);
    if (typeof usedFibres === 'number' && typeof capacityFibres === 'number' && usedFibres > capacityFibres) {
      report(problems, ['sections', i, 'usedFibres'], id, 'over-capacity', `usedFibres ${usedFibres} exceeds capacityFibres ${capacityFibres}`);
    }
  }

  const linkEnds = elementEnds(linkList, 'a', 'b', siteList);
  for (let i = 0; i < linkList.length; i++) {
    const link = linkList[i];
    if (!isObject(link)) continue;
    const { a, b } = link;
    const id = stringOrUndefined(link.id);
    checkEnd('redundancyLinks', i, 'a', id, a, linkEnds[2 * i], false);
    checkEnd('redundancyLinks', i, 'b', id, b, linkEnds[2 * i + 1], false);
    if (typeof a === 'string' && a === b) report(problems, ['redundancyLinks', i, 'b'], id, 'self-loop', `link joins site "${a}" to itself`);
  }

  const conduitEnds = conduitList.length > 0 ? elementEnds(conduitList, 'from', 'to', siteList) : new Int32Array(0);
  for (let i = 0; i < conduitList.length; i++) {
    const conduit = conduitList[i];
    if (!isObject(conduit)) continue;
    const { from, to } = conduit;
    const id = stringOrUndefined(conduit.id);
    checkEnd('rentableConduits', i, 'from', id, from, conduitEnds[2 * i], false);
    checkEnd('rentableConduits', i, 'to', id, to, conduitEnds[2 * i + 1], false);
    if (typeof from === 'string' && from === to) report(problems, ['rentableConduits', i, 'to'], id, 'self-loop', `rentable conduit joins site "${from}" to itself`);
  }

  for (let i = 0; i < workList.length; i++) {
    const work = workList[i];
    if (!isObject(work) || !Array.isArray(work.sections)) continue;
    const refs: unknown[] = work.sections;
    for (let j = 0; j < refs.length; j++) {
      const ref = refs[j];
      if (typeof ref === 'string' && sections.indexOf(ref) < 0) {
        report(problems, ['desaturationWorks', i, 'sections', j], stringOrUndefined(work.id), 'unknown-section', `names unknown section "${ref}"`);
      }
    }
  }

  if (isObject(doc.failureModel)) failureModelProblems(doc.failureModel, { sites, sections, links, sectionList, linkList }, problems);
}

/**
 * The failure model's overrides must name what the document holds: sites, sections or links,
 * risk groups and owners that some section (or link) carries. A typo would otherwise be a
 * figure silently unused.
 */
function failureModelProblems(
  model: Loose,
  known: { sites: IdIndex; sections: IdIndex; links: IdIndex; sectionList: readonly unknown[]; linkList: readonly unknown[] },
  problems: Problem[],
): void {
  const groups = new Set<unknown>();
  const owners = new Set<unknown>();
  // Read only when the model names groups or owners: a national network has a million sections.
  if (isObject(model.riskGroups) || isObject(model.owners)) {
    for (const list of [known.sectionList, known.linkList]) {
      for (const element of list) {
        if (!isObject(element)) continue;
        owners.add(element.owner);
        if (Array.isArray(element.riskGroups)) for (const g of element.riskGroups) groups.add(g);
      }
    }
  }
  const check = (field: string, code: string, what: string, holds: (id: string) => boolean) => {
    const entries = model[field];
    if (!isObject(entries)) return;
    for (const id of Object.keys(entries)) {
      if (!holds(id)) report(problems, ['failureModel', field, id], id, code, `failureModel.${field} names unknown ${what} "${id}"`);
    }
  };
  check('sites', 'unknown-site', 'site', (id) => known.sites.indexOf(id) >= 0);
  check('sections', 'unknown-section', 'section or redundancy link', (id) => known.sections.indexOf(id) >= 0 || known.links.indexOf(id) >= 0);
  check('riskGroups', 'unknown-risk-group', 'risk group (no section carries it)', (id) => groups.has(id));
  check('owners', 'unknown-owner', 'owner (no section or link has it)', (id) => owners.has(id));
}

type Collection = (typeof COLLECTIONS)[number];

/**
 * A rentable conduit's id must differ from every other id of the document, of any kind: it
 * names the candidate link `propose` makes of it (docs/proposals.md), beside the sites,
 * sections, links and works.
 */
function conduitIdProblems(list: readonly unknown[], own: IdIndex, others: Record<Exclude<Collection, 'rentableConduits'>, IdIndex>, problems: Problem[]): void {
  for (let i = 0; i < list.length; i++) {
    if (own.first[i] !== i) continue;
    const id = (list[i] as { id: string }).id;
    for (const kind of Object.keys(others) as (keyof typeof others)[]) {
      if (others[kind].indexOf(id) >= 0) report(problems, ['rentableConduits', i, 'id'], id, 'duplicate-id', `rentable conduit id "${id}" is also the id of a ${singular(kind)}`);
    }
  }
}

/** The elements of a collection by id, reporting each id met again where it is met. */
function indexIds(list: readonly unknown[], kind: Collection, problems: Problem[]): IdIndex {
  const index = elementIndex(list);
  for (let i = 0; i < list.length; i++) {
    const first = index.first[i];
    if (first >= 0 && first !== i) {
      const id = (list[i] as { id: string }).id;
      report(problems, [kind, i, 'id'], id, 'duplicate-id', `duplicate ${singular(kind)} id "${id}"`);
    }
  }
  return index;
}

/** 1 at the index of each planned site. */
function plannedFlags(sites: readonly unknown[]): Uint8Array {
  const planned = new Uint8Array(sites.length);
  for (let i = 0; i < sites.length; i++) {
    const site = sites[i];
    if (isObject(site) && site.status === 'planned') planned[i] = 1;
  }
  return planned;
}

function report(problems: Problem[], path: PropertyKey[], id: string | undefined, code: string, message: string): void {
  problems.push({ path: jsonPath(path), ...(id !== undefined && { id }), code, message });
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
  ({ sites: 'site', sections: 'section', redundancyLinks: 'redundancy link', desaturationWorks: 'desaturation work', rentableConduits: 'rentable conduit' })[kind] ?? kind;

const stringOrUndefined = (value: unknown) => (typeof value === 'string' ? value : undefined);

function isObject(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
