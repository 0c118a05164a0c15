import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fibreNetwork } from '../bench/generate.js';
import { IdIndex } from '../src/model/id-index.js';
import { DesaturationWork, RedundancyLink, RentableConduit, Section, Site, Topology } from '../src/model/schema.js';
import { type ValidationResult, validateTopology } from '../src/model/validate.js';

/**
 * The fast path (zod's compiled validators, zod's parser only for the elements they reject)
 * must give exactly the verdict and the problems of zod's parser run on every element: the
 * reference here is `validateTopology(doc, { fastPath: false })`, zod's own word.
 */

type Doc = Record<string, unknown> & { sites: Loose[]; sections: Loose[]; redundancyLinks?: Loose[]; desaturationWorks?: Loose[] };
type Loose = Record<string, unknown>;

const somme: Doc = JSON.parse(readFileSync(new URL('../topology/somme.json', import.meta.url), 'utf8'));
const generated = fibreNetwork({ sections: 2000, seed: 1 }) as unknown as Doc;

const SCHEMAS = { sites: Site, sections: Section, redundancyLinks: RedundancyLink, desaturationWorks: DesaturationWork } as const;
type Kind = keyof typeof SCHEMAS;

/** Marks a field to delete rather than to set. */
const MISSING = Symbol('missing');

/** Values tried in every field: right and wrong types, edges of the numeric checks, strings zod counts in code points. */
const VALUES: [string, unknown][] = [
  ['missing', MISSING], ['undefined', undefined], ['null', null], ['true', true], ['object', {}],
  ['empty string', ''], ['blank', ' '], ['word', 'abc'], ['numeric string', '12'], ['NaN string', 'NaN'],
  ['lone surrogate', '\ud800'], ['surrogate pair', '😀'], ['two surrogate pairs', '😀😀'],
  ['zero', 0], ['negative zero', -0], ['minus one', -1], ['one', 1], ['two', 2], ['fraction', 1.5], ['tiny', 1e-9],
  ['huge', 1e300], ['NaN', Number.NaN], ['Infinity', Number.POSITIVE_INFINITY], ['-Infinity', Number.NEGATIVE_INFINITY],
  ['2^53', 2 ** 53], ['max safe integer', Number.MAX_SAFE_INTEGER], ['min safe integer', Number.MIN_SAFE_INTEGER],
  ['180', 180], ['180.5', 180.5], ['-180', -180], ['-181', -181], ['90', 90], ['-90.1', -90.1],
  ['empty array', []], ['array of a number', [1]], ['array of an empty string', ['']], ['array of a section id', ['S-001']],
  ['array of two positions', [[0, 0], [1, 1]]], ['planned', 'planned'], ['existing', 'existing'], ['nro', 'nro'], ['bad enum', 'datacenter'],
  ['Existing', 'Existing'], ['format', 'fibre-topology/1'],
];

/** Values tried in a section's geometry: short lines and positions, extra coordinates (allowed), bad ones. */
const GEOMETRIES: unknown[] = [
  [[0, 0]], [[0, 0], [1, 1]], [[0, 0, 12], [1, 1, 13, 14]], [[0, 0], [1, 'x']], [[200, 0], [0, 0]], [[0, 95], [0, 0]],
  [[0], [1, 1]], [], [[0, 0], [1, 1, 'z']], [[0, 0], [1, 1, Number.NaN]], [[0, 0], null], 'LINESTRING(0 0, 1 1)',
  [[-180, -90], [180, 90]], [[0, 0], [1, 1], []], [[0, 0], { 0: 1, 1: 1 }],
];

/** Values tried in lists of ids: riskGroups and a work's sections. */
const ID_LISTS: unknown[] = [[], [''], ['a', ''], [1], 'S-001', [null], ['S-001', 'S-999'], ['S-001', 'S-001']];

/** Whole elements that are not elements, or are with something odd about them. */
function oddElements(valid: Loose): [string, unknown][] {
  const withOwnProto = JSON.parse(JSON.stringify(valid).replace(/^\{/, '{"__proto__":{"x":1},'));
  const inheritingExtra = Object.assign(Object.create({ colour: 'red' }), valid);
  const { id, ...withoutId } = valid;
  const inheritingId = Object.assign(Object.create({ id }), withoutId);
  return [
    ['null', null], ['string', 'x'], ['number', 3], ['array', [valid]], ['empty object', {}],
    ['unknown field', { ...valid, colour: 'red' }], ['two unknown fields', { ...valid, colour: 'red', size: 3 }],
    ['unknown field set to undefined', { ...valid, colour: undefined }],
    ['own __proto__ field', withOwnProto], ['null prototype', Object.assign(Object.create(null), valid)],
    ['inherited unknown field', inheritingExtra], ['inherited id', inheritingId], ['a Date', new Date(0)],
  ];
}

const fastAndReference = (doc: unknown): [ValidationResult, ValidationResult] => [validateTopology(doc), validateTopology(doc, { fastPath: false })];

/** Both verdicts, the problems byte for byte, and the valid document handed back as is. */
function expectSameAsZod(doc: unknown, label: string): ValidationResult {
  const [fast, reference] = fastAndReference(doc);
  expect(JSON.stringify(fast.problems), label).toBe(JSON.stringify(reference.problems));
  expect(fast, label).toStrictEqual(reference);
  if (fast.ok) expect(fast.topology, label).toBe(doc);
  return reference;
}

/** A copy of a document with one field of one element set (or deleted). */
function withField(doc: Doc, kind: Kind, index: number, field: string, value: unknown): Doc {
  const copy = structuredClone(doc);
  const element = copy[kind]![index];
  if (value === MISSING) delete element[field];
  else element[field] = value;
  return copy;
}

function withElement(doc: Doc, kind: Kind, index: number, element: unknown): Doc {
  const copy = structuredClone(doc);
  (copy[kind] as unknown[])[index] = element;
  return copy;
}

const fieldsOf = (kind: Kind) => Object.keys(SCHEMAS[kind].shape);

/** The values tried in a field: every value, and the shapes that matter to it. */
const valuesFor = (kind: Kind, field: string): [string, unknown][] => [
  ...VALUES,
  ...(field === 'geometry' ? GEOMETRIES.map((g, i): [string, unknown] => [`geometry ${i}`, g]) : []),
  ...(field === 'riskGroups' || field === 'sections' ? ID_LISTS.map((l, i): [string, unknown] => [`id list ${i}`, l]) : []),
  ...(kind === 'sites' && field === 'id' ? [['an existing id', 'HE-AMIENS'] as [string, unknown]] : []),
];

describe('the fast path of validateTopology agrees with zod alone', () => {
  it('on the valid documents', () => {
    expect(expectSameAsZod(somme, 'somme').ok).toBe(true);
    expect(expectSameAsZod(generated, 'generated').ok).toBe(true);
  });

  for (const kind of Object.keys(SCHEMAS) as Kind[]) {
    it(`on the Somme network with each field of its ${kind} set to each value`, () => {
      const list = somme[kind]!;
      let rejected = 0;
      let accepted = 0;
      for (const field of fieldsOf(kind)) {
        for (const [name, value] of valuesFor(kind, field)) {
          // The first element and one in the middle, whose neighbours differ in their optional fields.
          for (const index of [0, Math.floor(list.length / 2)]) {
            const result = expectSameAsZod(withField(somme, kind, index, field, value), `${kind}[${index}].${field} = ${name}`);
            if (result.ok) accepted++;
            else rejected++;
          }
        }
      }
      // Both verdicts are exercised, not only rejections.
      expect(accepted).toBeGreaterThan(20);
      expect(rejected).toBeGreaterThan(200);
    });

    it(`on the Somme network with odd ${kind}`, () => {
      const list = somme[kind]!;
      for (const [name, element] of oddElements(list[1])) expectSameAsZod(withElement(somme, kind, 1, element), `${kind}[1] = ${name}`);
      const sparse = structuredClone(somme);
      delete sparse[kind]![2];
      expectSameAsZod(sparse, `${kind} with a hole`);
      expectSameAsZod({ ...somme, [kind]: [...list, list[0]] }, `${kind} with a duplicate`);
      expectSameAsZod({ ...somme, [kind]: [] }, `no ${kind}`);
      for (const value of [undefined, null, {}, 'x', 3, { 0: list[0], length: 1 }]) {
        expectSameAsZod({ ...somme, [kind]: value }, `${kind} = ${String(value)}`);
      }
    });
  }

  it('on the generated network with one value in each field of many elements at once', () => {
    for (const [v, [name, value]] of VALUES.entries()) {
      const doc = structuredClone(generated);
      for (const kind of ['sites', 'sections'] as const) {
        fieldsOf(kind).forEach((field, f) => {
          const element = doc[kind][(37 * f + 101 * v) % doc[kind].length];
          if (value === MISSING) delete element[field];
          else element[field] = value;
        });
      }
      expect(expectSameAsZod(doc, name).ok, name).toBe(false);
    }
  });

  it('on broken shells: the document itself, its format, name and declared totals', () => {
    const { name, ...nameless } = somme;
    const documents: [string, unknown][] = [
      ['null', null], ['array', [somme]], ['string', 'fibre-topology/1'], ['number', 42], ['empty object', {}],
      ['no name', nameless], ['empty name', { ...somme, name: '' }], ['numeric description', { ...somme, description: 3 }],
      ['provenance undefined', { ...somme, provenance: undefined }], ['other format', { ...somme, format: 'fibre-topology/2' }],
      ['unknown field', { ...somme, colour: 'blue' }], ['no sites nor sections', { format: 'fibre-topology/1', name: 'x' }],
      ['bad totals', { ...somme, declaredTotals: { redundancyLinks: { lengthM: 'x', costEur: 1 } } }],
      ['unknown total', { ...somme, declaredTotals: { links: { lengthM: 1, costEur: 1 } } }],
      ['total with an unknown field', { ...somme, declaredTotals: { redundancyLinks: { lengthM: 1, costEur: 1, count: 3 } } }],
      ['infinite total', { ...somme, declaredTotals: { desaturationWorks: { lengthM: Number.POSITIVE_INFINITY, costEur: 1 } } }],
      ['empty totals', { ...somme, declaredTotals: {} }], ['totals null', { ...somme, declaredTotals: null }],
      ['broken shell and elements', { ...somme, name: '', sites: [...somme.sites, { id: '' }], colour: 1 }],
    ];
    for (const [label, doc] of documents) expectSameAsZod(doc, label);
  });

  it('compiles every element schema and the document whole, leaving nothing to zod’s parser', () => {
    for (const schema of [...Object.values(SCHEMAS), Topology]) expect(() => z.compile(schema, { strict: true })).not.toThrow();
  });
});

describe('the fast path agrees with zod alone on rentable conduits', () => {
  const conduits: Loose[] = [
    { id: 'RC-1', from: 'NRO-CAY', to: 'HE-AMIENS', lengthM: 8000, owner: 'Viatel', eurPerM: 12 },
    { id: 'RC-2', from: 'POP-ABBEVILLE', to: 'NRO-FCT', lengthM: 5000, owner: 'Level 3', eurPerM: 9.5, installation: 'aerial', geometry: [[1.83, 50.1], [1.54, 50.08]] },
    { id: 'RC-3', from: 'NRO-CAY', to: 'NRO-FCT', lengthM: 3000, owner: 'Orange', eurPerM: 0 },
  ];
  const withConduits = { ...somme, rentableConduits: conduits };

  it('on the Somme network with each field of a conduit set to each value', () => {
    let accepted = 0;
    let rejected = 0;
    for (const field of Object.keys(RentableConduit.shape)) {
      const values: [string, unknown][] = [...VALUES, ...(field === 'geometry' ? GEOMETRIES.map((g, i): [string, unknown] => [`geometry ${i}`, g]) : [])];
      for (const [name, value] of values) {
        for (const index of [0, 1]) {
          const doc = structuredClone(withConduits);
          if (value === MISSING) delete doc.rentableConduits[index][field];
          else doc.rentableConduits[index][field] = value;
          const result = expectSameAsZod(doc, `rentableConduits[${index}].${field} = ${name}`);
          if (result.ok) accepted++;
          else rejected++;
        }
      }
    }
    expect(accepted).toBeGreaterThan(10);
    expect(rejected).toBeGreaterThan(200);
  });

  it('on odd conduits and odd lists of them', () => {
    expect(expectSameAsZod(withConduits, 'conduits').ok).toBe(true);
    for (const [name, element] of oddElements(conduits[1])) {
      expectSameAsZod({ ...somme, rentableConduits: [conduits[0], element, conduits[2]] }, `rentableConduits[1] = ${name}`);
    }
    for (const value of [undefined, null, {}, 'x', 3, [], [conduits[0], conduits[0]]]) {
      expectSameAsZod({ ...somme, rentableConduits: value }, `rentableConduits = ${JSON.stringify(value)}`);
    }
  });

  it('compiles the conduit schema, leaving nothing to zod’s parser', () => {
    expect(() => z.compile(RentableConduit, { strict: true })).not.toThrow();
  });
});

describe('the checks of meaning', () => {
  it('report duplicates, unknown sites and sections, self-loops, capacities and planned ends in document order', () => {
    const site = (id: string, extra: Loose = {}) => ({ id, kind: 'nro', lon: 2, lat: 49, ...extra });
    const section = (id: string, from: string, to: string, extra: Loose = {}) => ({ id, from, to, lengthM: 10, owner: 'SMSN', ...extra });
    const link = (id: string, a: string, b: string) => ({ id, priority: 1, a, b, lengthM: 5, costEur: 0, owner: 'SMSN' });
    const work = (id: string, sections: string[]) => ({ id, urgency: 1, label: '', sections, owner: 'SMSN', lengthM: 5, costEur: 0 });
    const doc = {
      format: 'fibre-topology/1',
      name: 'meaning',
      // The second A is planned, but references resolve to the first, existing one.
      sites: [site('A'), site('B', { status: 'planned' }), site('C'), site('A', { status: 'planned' })],
      sections: [
        section('S1', 'A', 'B'),
        section('S2', 'X', 'A'),
        section('S3', 'C', 'C', { status: 'planned' }),
        section('S4', 'B', 'C', { status: 'planned', capacityFibres: 5, usedFibres: 10 }),
        section('S1', 'A', 'C'),
        section('S5', 'B', 'A', { status: 'existing' }),
      ],
      redundancyLinks: [link('L1', 'A', 'Y'), link('L2', 'B', 'B'), link('L1', 'A', 'C')],
      desaturationWorks: [work('W1', ['S1', 'S9', 'S5']), work('W1', ['S0'])],
    };
    expect(validateTopology(doc).problems).toStrictEqual([
      { path: '$.sites[3].id', id: 'A', code: 'duplicate-id', message: 'duplicate site id "A"' },
      { path: '$.sections[4].id', id: 'S1', code: 'duplicate-id', message: 'duplicate section id "S1"' },
      { path: '$.redundancyLinks[2].id', id: 'L1', code: 'duplicate-id', message: 'duplicate redundancy link id "L1"' },
      { path: '$.desaturationWorks[1].id', id: 'W1', code: 'duplicate-id', message: 'duplicate desaturation work id "W1"' },
      { path: '$.sections[0].to', id: 'S1', code: 'existing-to-planned', message: 'existing section ends at planned site "B"' },
      { path: '$.sections[1].from', id: 'S2', code: 'unknown-site', message: 'from names unknown site "X"' },
      { path: '$.sections[2].to', id: 'S3', code: 'self-loop', message: 'section joins site "C" to itself' },
      { path: '$.sections[3].usedFibres', id: 'S4', code: 'over-capacity', message: 'usedFibres 10 exceeds capacityFibres 5' },
      { path: '$.sections[5].from', id: 'S5', code: 'existing-to-planned', message: 'existing section ends at planned site "B"' },
      { path: '$.redundancyLinks[0].b', id: 'L1', code: 'unknown-site', message: 'b names unknown site "Y"' },
      { path: '$.redundancyLinks[1].b', id: 'L2', code: 'self-loop', message: 'link joins site "B" to itself' },
      { path: '$.desaturationWorks[0].sections[1]', id: 'W1', code: 'unknown-section', message: 'names unknown section "S9"' },
      { path: '$.desaturationWorks[1].sections[0]', id: 'W1', code: 'unknown-section', message: 'names unknown section "S0"' },
    ]);
  });

  it('tell apart ids that share a hash bucket, and find every one of many', () => {
    // Thousands of ids that differ in one character, and lookalikes that are no ids.
    const sites = Array.from({ length: 5000 }, (_, i) => ({ id: `NRO-${i}`, kind: 'nro', lon: 2, lat: 49 }));
    const sections = sites.slice(1).map((s, i) => ({ id: `S-${i}`, from: sites[i].id, to: s.id, lengthM: 10, owner: 'SMSN' }));
    sections.push({ id: 'S-x', from: 'NRO-5000', to: 'nro-1', lengthM: 10, owner: 'SMSN' });
    const doc = { format: 'fibre-topology/1', name: 'many', sites, sections };
    expect(validateTopology(doc).problems).toStrictEqual([
      { path: '$.sections[4999].from', id: 'S-x', code: 'unknown-site', message: 'from names unknown site "NRO-5000"' },
      { path: '$.sections[4999].to', id: 'S-x', code: 'unknown-site', message: 'to names unknown site "nro-1"' },
    ]);
  });
});

describe('IdIndex', () => {
  /** The answers of a Map, written out: the first index of each string id. */
  function expected(ids: unknown[], refs: unknown[]) {
    const firstOf = new Map<string, number>();
    ids.forEach((id, i) => {
      if (typeof id === 'string' && !firstOf.has(id)) firstOf.set(id, i);
    });
    const find = (ref: unknown) => (typeof ref === 'string' ? (firstOf.get(ref) ?? -1) : -1);
    return { first: ids.map(find), found: refs.map(find) };
  }

  const ids: unknown[] = [
    ...Array.from({ length: 3000 }, (_, i) => `S-${i}`), 'S-7', 'S-2999', '', 7, undefined, null, 'S-0', '😀', '\ud800', 'S-1'.padEnd(300, 'x'),
  ];
  const refs: unknown[] = ['S-0', 'S-2999', 'S-3000', 's-1', '', '😀', '\ud800', 7, null, undefined, 'S-1'.padEnd(300, 'x'), 'S-1'.padEnd(299, 'x')];

  it('gives the first index of each id and of each reference, with or without its table', () => {
    const want = expected(ids, refs);
    // 0 probes gives the table up at once, 1 at the first collision, 256 (the default) never here.
    for (const maxProbes of [0, 1, 2, undefined]) {
      const index = new IdIndex(ids, { maxProbes });
      expect([...index.first], `maxProbes ${maxProbes}`).toEqual(want.first);
      expect([...index.indexesOf(refs)], `maxProbes ${maxProbes}`).toEqual(want.found);
      expect(refs.filter((ref) => typeof ref === 'string').map((ref) => index.indexOf(ref as string))).toEqual(
        want.found.filter((_, i) => typeof refs[i] === 'string'),
      );
    }
  });

  it('gives the table up in the middle of a batch of look-ups and still answers each', () => {
    // One id in 16 slots is built within a probe; among 200 absent references some land on its slot and need a second.
    const lookups = [...Array.from({ length: 200 }, (_, i) => `r${i}`), 'a'];
    const index = new IdIndex(['a'], { maxProbes: 1 });
    expect([...index.indexesOf(lookups)]).toEqual(expected(['a'], lookups).found);
  });

  it('holds nothing for an empty list', () => {
    const index = new IdIndex([]);
    expect([...index.first]).toEqual([]);
    expect(index.indexOf('x')).toBe(-1);
    expect([...index.indexesOf(['x', 1])]).toEqual([-1, -1]);
  });
});
