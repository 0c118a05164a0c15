import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { topologyJsonSchema } from '../src/model/json-schema.js';
import { validateTopology } from '../src/model/validate.js';
import { smallNetwork } from './support/small-network.js';

const problemsOf = (doc: unknown) => {
  const result = validateTopology(doc);
  return result.ok ? [] : result.problems;
};

describe('validateTopology', () => {
  it('accepts a valid network', () => {
    expect(validateTopology(smallNetwork()).ok).toBe(true);
  });

  it('reports duplicate ids per kind, with path and id', () => {
    const doc = smallNetwork();
    doc.sites.push({ ...doc.sites[1] });
    doc.sections.push({ ...doc.sections[0] });
    expect(problemsOf(doc)).toEqual([
      { path: '$.sites[5].id', id: 'POP-1', code: 'duplicate-id', message: 'duplicate site id "POP-1"' },
      { path: '$.sections[5].id', id: 'S-1', code: 'duplicate-id', message: 'duplicate section id "S-1"' },
    ]);
  });

  it('allows the same id in two kinds', () => {
    const doc = smallNetwork();
    doc.sections[2].id = 'POP-1';
    expect(problemsOf(doc)).toEqual([]);
  });

  it('reports dangling references of sections, links and works', () => {
    const doc = smallNetwork();
    doc.sections[2].to = 'NRO-XXX';
    doc.redundancyLinks![0].b = 'NRO-YYY';
    doc.desaturationWorks![0].sections = ['S-1', 'S-99'];
    expect(problemsOf(doc)).toEqual([
      { path: '$.sections[2].to', id: 'S-3', code: 'unknown-site', message: 'to names unknown site "NRO-XXX"' },
      { path: '$.redundancyLinks[0].b', id: 'R-01', code: 'unknown-site', message: 'b names unknown site "NRO-YYY"' },
      { path: '$.desaturationWorks[0].sections[1]', id: 'D-01', code: 'unknown-section', message: 'names unknown section "S-99"' },
    ]);
  });

  it('reports self-loops, non-positive lengths and fibres used beyond capacity', () => {
    const doc = smallNetwork();
    doc.sections[3].to = 'NRO-FCT';
    doc.sections[1].lengthM = 0;
    doc.redundancyLinks![0].lengthM = -3;
    doc.sections[0].usedFibres = 200;
    const problems = problemsOf(doc);
    expect(problems).toContainEqual({ path: '$.sections[3].to', id: 'S-4', code: 'self-loop', message: 'section joins site "NRO-FCT" to itself' });
    expect(problems).toContainEqual({ path: '$.sections[1].lengthM', id: 'S-2', code: 'invalid-value', message: 'lengthM: must be > 0' });
    expect(problems).toContainEqual({ path: '$.redundancyLinks[0].lengthM', id: 'R-01', code: 'invalid-value', message: 'lengthM: must be > 0' });
    expect(problems).toContainEqual({
      path: '$.sections[0].usedFibres', id: 'S-1', code: 'over-capacity', message: 'usedFibres 200 exceeds capacityFibres 144',
    });
    expect(problems).toHaveLength(4);
  });

  it('reports unknown kinds, unknown fields and an existing section ending at a planned site', () => {
    const doc = smallNetwork() as unknown as { sites: Record<string, unknown>[]; sections: Record<string, unknown>[]; colour?: string };
    doc.sites[1].kind = 'datacenter';
    doc.sites[2].colour = 'red';
    doc.colour = 'blue';
    doc.sections[4].status = 'existing';
    const problems = problemsOf(doc);
    expect(problems.map((p) => [p.path, p.id, p.code])).toEqual([
      ['$', undefined, 'unknown-field'],
      ['$.sites[1].kind', 'POP-1', 'invalid-value'],
      ['$.sites[2]', 'NRO-CAY', 'unknown-field'],
      ['$.sections[4].to', 'S-5', 'existing-to-planned'],
    ]);
    expect(problems[0].message).toBe('unknown field(s) "colour"');
    expect(problems[2].message).toBe('unknown field(s) "colour"');
  });

  it('reports every problem of a badly broken document at once', () => {
    const problems = problemsOf({ format: 'fibre-topology/1', name: 'x', sites: [{ id: '', kind: 'nro', lon: 400, lat: 0 }], sections: 'none' });
    expect(problems.map((p) => p.path)).toEqual(['$.sites[0].id', '$.sites[0].lon', '$.sections']);
  });
});

describe('validateTopology: rentable conduits', () => {
  const conduit = (id: string, from: string, to: string, extra: Record<string, unknown> = {}) =>
    ({ id, from, to, lengthM: 8000, owner: 'Viatel', eurPerM: 12, ...extra });

  it('accepts conduits between known sites, planned ones included, with an installation and a geometry', () => {
    const doc = smallNetwork();
    doc.rentableConduits = [
      conduit('RC-1', 'NRO-CAY', 'HE-A', { installation: 'buried', geometry: [[1.49, 50.18], [2.3, 49.89]] }),
      conduit('RC-2', 'NRO-FCT', 'NRO-NEW'),
    ];
    expect(problemsOf(doc)).toEqual([]);
  });

  it('reports a conduit id met again, or equal to the id of any other element, with its path', () => {
    const doc = smallNetwork();
    doc.rentableConduits = [
      conduit('RC-1', 'NRO-CAY', 'HE-A'), conduit('RC-1', 'POP-1', 'HE-A'), conduit('S-2', 'POP-1', 'NRO-CAY'),
      conduit('POP-1', 'NRO-FCT', 'HE-A'), conduit('R-01', 'NRO-FCT', 'HE-A'), conduit('D-01', 'NRO-FCT', 'POP-1'),
    ];
    expect(problemsOf(doc)).toEqual([
      { path: '$.rentableConduits[1].id', id: 'RC-1', code: 'duplicate-id', message: 'duplicate rentable conduit id "RC-1"' },
      { path: '$.rentableConduits[2].id', id: 'S-2', code: 'duplicate-id', message: 'rentable conduit id "S-2" is also the id of a section' },
      { path: '$.rentableConduits[3].id', id: 'POP-1', code: 'duplicate-id', message: 'rentable conduit id "POP-1" is also the id of a site' },
      { path: '$.rentableConduits[4].id', id: 'R-01', code: 'duplicate-id', message: 'rentable conduit id "R-01" is also the id of a redundancy link' },
      { path: '$.rentableConduits[5].id', id: 'D-01', code: 'duplicate-id', message: 'rentable conduit id "D-01" is also the id of a desaturation work' },
    ]);
  });

  it('reports unknown ends and self-loops after the links, and structural problems first', () => {
    const doc = smallNetwork();
    doc.redundancyLinks![0].b = 'NRO-ZZZ';
    doc.rentableConduits = [
      conduit('RC-1', 'NRO-XXX', 'HE-A'), conduit('RC-2', 'POP-1', 'POP-1'), conduit('RC-3', 'POP-1', 'NRO-YYY', { eurPerM: -1 }),
      { ...conduit('RC-4', 'POP-1', 'HE-A'), colour: 'red' } as never,
    ];
    doc.desaturationWorks![0].sections = ['S-99'];
    expect(problemsOf(doc)).toEqual([
      { path: '$.rentableConduits[2].eurPerM', id: 'RC-3', code: 'invalid-value', message: 'eurPerM: Too small: expected number to be >=0' },
      { path: '$.rentableConduits[3]', id: 'RC-4', code: 'unknown-field', message: 'unknown field(s) "colour"' },
      { path: '$.redundancyLinks[0].b', id: 'R-01', code: 'unknown-site', message: 'b names unknown site "NRO-ZZZ"' },
      { path: '$.rentableConduits[0].from', id: 'RC-1', code: 'unknown-site', message: 'from names unknown site "NRO-XXX"' },
      { path: '$.rentableConduits[1].to', id: 'RC-2', code: 'self-loop', message: 'rentable conduit joins site "POP-1" to itself' },
      { path: '$.rentableConduits[2].to', id: 'RC-3', code: 'unknown-site', message: 'to names unknown site "NRO-YYY"' },
      { path: '$.desaturationWorks[0].sections[0]', id: 'D-01', code: 'unknown-section', message: 'names unknown section "S-99"' },
    ]);
  });

  it('accepts a deployment year on a site, and refuses one outside 1900…2200 or not whole', () => {
    const doc = smallNetwork();
    doc.sites[2].deploymentYear = 2023;
    expect(problemsOf(doc)).toEqual([]);
    doc.sites[3].deploymentYear = 2023.5;
    doc.sites[4].deploymentYear = 1800;
    expect(problemsOf(doc).map((p) => [p.path, p.id, p.code])).toEqual([
      ['$.sites[3].deploymentYear', 'NRO-FCT', 'invalid-value'],
      ['$.sites[4].deploymentYear', 'NRO-NEW', 'invalid-value'],
    ]);
  });
});

describe('the JSON Schema of the format', () => {
  it('is up to date with the zod schema (run `npm run schema` when this fails)', () => {
    const committed = JSON.parse(readFileSync(new URL('../topology/fibre-topology-1.schema.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(topologyJsonSchema())));
  });

  it('rejects unknown top-level keys and names the site kinds', () => {
    // biome-ignore lint/suspicious/noExplicitAny: a JSON Schema document, read by path
    const schema = topologyJsonSchema() as { additionalProperties?: boolean; properties: Record<string, any> };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.sites.items.properties.kind.enum).toEqual(['headend', 'pop', 'nro', 'junction']);
  });
});
