import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULTS, failureModelOf, failureRates, resolveFailureModel, unavailability } from '../src/availability/failure-model.js';
import { compileNetwork } from '../src/graph/compile.js';
import { InvalidOptionError, UnknownReferenceError } from '../src/model/errors.js';
import type { Section, Site, Topology } from '../src/model/schema.js';
import { topologyFromGeoJSON, topologyToGeoJSON } from '../src/io/geojson.js';
import { validateTopology } from '../src/model/validate.js';

const site = (id: string, kind: Site['kind'], extra: Partial<Site> = {}): Site => ({ id, kind, lon: 2, lat: 49, ...extra });
const section = (id: string, from: string, to: string, lengthM: number, extra: Partial<Section> = {}): Section => ({ id, from, to, lengthM, owner: 'SMSN', ...extra });

/** HE —S-1 (duct)— POP —S-2 (planned, aerial)— NRO-B, POP —S-3 (aerial, Viatel)— NRO-A —S-4 (buried, trench)— NRO-B, POP —S-5 (trench)— NRO-B; link R-1 NRO-A — HE. */
const base: Topology = {
  format: 'fibre-topology/1',
  name: 'model',
  sites: [site('HE', 'headend'), site('POP', 'pop'), site('NRO-A', 'nro', { subscribers: 100 }), site('NRO-B', 'nro', { subscribers: 50 }), site('J', 'junction')],
  sections: [
    section('S-1', 'HE', 'POP', 20_000, { installation: 'duct' }),
    section('S-2', 'POP', 'NRO-B', 5_000, { installation: 'aerial', status: 'planned' }),
    section('S-3', 'POP', 'NRO-A', 10_000, { installation: 'aerial', owner: 'Viatel' }),
    section('S-4', 'NRO-A', 'NRO-B', 8_000, { installation: 'buried', riskGroups: ['trench'] }),
    section('S-5', 'POP', 'NRO-B', 12_000, { riskGroups: ['trench'] }),
    section('S-6', 'POP', 'J', 1_000, { installation: 'facade' }),
  ],
  redundancyLinks: [
    { id: 'R-1', priority: 1, a: 'NRO-A', b: 'HE', lengthM: 30_000, costEur: 750_000, owner: 'SMSN', installation: 'bridge' },
    { id: 'R-2', priority: 2, a: 'J', b: 'HE', lengthM: 2_000, costEur: 50_000, owner: 'SMSN' },
  ],
};

describe('the failure model', () => {
  it('defaults to the figures docs/availability.md tabulates, every one of them', () => {
    const docs = readFileSync(new URL('../docs/availability.md', import.meta.url), 'utf8');
    for (const [kind, f] of Object.entries(DEFAULTS.installations)) {
      expect(docs, kind).toMatch(new RegExp(`\\| \`${kind}\` \\|[^|]*\\| ${f.cutsPer1000KmYear} \\| ${f.mttrHours} \\|`));
    }
    for (const [kind, f] of Object.entries(DEFAULTS.siteKinds)) {
      expect(docs, kind).toMatch(new RegExp(`\\| \`${kind}\` \\| ${f.ratePerYear} \\| ${f.mttrHours} \\|`));
    }
    expect(resolveFailureModel()).toEqual(DEFAULTS);
  });

  it('takes the topology’s failure model over the defaults and the request’s over both, field by field', () => {
    const topology = { ...base, failureModel: { installations: { duct: { mttrHours: 6 } }, owners: { Viatel: { mttrHours: 4 } }, siteKinds: { nro: { ratePerYear: 0.5 } } } };
    const model = failureModelOf(topology, { installations: { duct: { cutsPer1000KmYear: 1 } }, owners: { Viatel: { cutsPer1000KmYear: 9 } }, defaultInstallation: 'buried' });
    expect(model.installations.duct).toEqual({ cutsPer1000KmYear: 1, mttrHours: 6 });
    expect(model.installations.buried).toEqual(DEFAULTS.installations.buried);
    expect(model.owners.Viatel).toEqual({ cutsPer1000KmYear: 9, mttrHours: 4 });
    expect(model.siteKinds.nro).toEqual({ ratePerYear: 0.5, mttrHours: DEFAULTS.siteKinds.nro.mttrHours });
    expect(model.defaultInstallation).toBe('buried');
    // The defaults themselves are left alone.
    expect(DEFAULTS.installations.duct).toEqual({ cutsPer1000KmYear: 3, mttrHours: 12 });
  });

  it('rates a section by its installation, its owner’s figures or its own, per 1 000 km of its length', () => {
    const topology = { ...base, failureModel: { sections: { 'S-6': { cutsPer1000KmYear: 50, mttrHours: 2 } } } };
    const net = compileNetwork(topology, { withLinks: ['R-1', 'R-2'] });
    const rates = failureRates(net, topology, { model: { owners: { Viatel: { mttrHours: 3 } } } });
    const e = (id: string) => net.sectionIndex.get(id)!;
    const check = (id: string, ratePerYear: number, mttrHours: number) => {
      expect(rates.sections.ratePerYear[e(id)], id).toBeCloseTo(ratePerYear, 12);
      expect(rates.sections.mttrHours[e(id)], id).toBe(mttrHours);
      expect(rates.sections.unavailability[e(id)], id).toBeCloseTo((ratePerYear * mttrHours) / (8760 + ratePerYear * mttrHours), 15);
    };
    check('S-1', 0.06, 12); // 20 km of duct at 3 cuts / 1 000 km
    check('S-3', 0.06, 3); // 10 km aerial at 6, repaired as Viatel's are
    check('S-4', 0.032, 24); // 8 km buried at 4
    check('S-5', 0.036, 12); // no installation: the default, duct
    check('S-6', 0.05, 2); // its own figures
    check('R-1', 0.09, 48); // a link: 30 km on a bridge, as it says
    check('R-2', 0.006, 12); // a link without installation: the default
    // The planned S-2 is not analysed; the walk that matches sections to the document skips it.
    expect(net.sectionIndex.has('S-2')).toBe(false);
  });

  it('rates a site by its kind or its own figures, a head-end as any other', () => {
    const topology = { ...base, failureModel: { sites: { POP: { mttrHours: 1 } } } };
    const net = compileNetwork(topology);
    const rates = failureRates(net, topology, { model: { siteKinds: { headend: { ratePerYear: 1, mttrHours: 2 } } } });
    const v = (id: string) => net.siteIndex.get(id)!;
    expect(rates.sites.unavailability[v('HE')]).toBeCloseTo(2 / 8762, 15);
    expect(rates.sites.unavailability[v('POP')]).toBeCloseTo(unavailability(0.1, 1), 15);
    expect(rates.sites.unavailability[v('NRO-A')]).toBeCloseTo(0.4 / 8760.4, 15);
    expect(rates.sites.unavailability[v('J')]).toBeCloseTo(0.12 / 8760.12, 15);
  });

  it('derives a risk group’s event from its longest section, unless given a length, an installation or a rate', () => {
    const net = compileNetwork(base);
    const g = net.riskGroups.indexOf('trench');
    const derived = failureRates(net, base);
    // The longest member is S-5, 12 km of duct: 0.036 events a year; the longest repair is S-4's 24 h.
    expect(derived.riskGroups.ratePerYear[g]).toBeCloseTo(0.036, 12);
    expect(derived.riskGroups.mttrHours[g]).toBe(24);
    expect(derived.riskGroups.lengthM[g]).toBe(12_000);
    const bridge = failureRates(net, base, { model: { riskGroups: { trench: { lengthM: 300, installation: 'bridge' } } } });
    expect(bridge.riskGroups.ratePerYear[g]).toBeCloseTo(0.0009, 12);
    expect(bridge.riskGroups.mttrHours[g]).toBe(48);
    const given = failureRates(net, base, { model: { riskGroups: { trench: { ratePerYear: 0.2, mttrHours: 72 } } } });
    expect(given.riskGroups.unavailability[g]).toBeCloseTo(14.4 / 8774.4, 15);
  });

  it('keeps ids that look like Object properties as plain ids', () => {
    const topology = { ...base, sections: base.sections.map((s) => (s.id === 'S-1' ? { ...s, owner: 'constructor' } : s)) };
    const net = compileNetwork(topology);
    const plain = failureRates(net, topology);
    expect(plain.sections.ratePerYear[net.sectionIndex.get('S-1')!]).toBeCloseTo(0.06, 12);
    const owned = failureRates(net, topology, { model: { owners: { constructor: { cutsPer1000KmYear: 10 } } } });
    expect(owned.sections.ratePerYear[net.sectionIndex.get('S-1')!]).toBeCloseTo(0.2, 12);
  });

  it('refuses a request’s model out of its bounds, naming the field', () => {
    const net = compileNetwork(base);
    const bad = (model: unknown, field: string) => {
      let error: unknown;
      try {
        failureRates(net, base, { model: model as never });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect((error as InvalidOptionError).field).toBe(field);
    };
    bad({ installations: { duct: { mttrHours: -1 } } }, 'failureModel.installations.duct.mttrHours');
    bad({ installations: { duct: { cutsPer1000KmYear: 1e9 } } }, 'failureModel.installations.duct.cutsPer1000KmYear');
    bad({ siteKinds: { nro: { ratePerYear: Number.NaN } } }, 'failureModel.siteKinds.nro.ratePerYear');
    bad({ installations: { tunnel: {} } }, 'failureModel.installations');
    bad({ defaultInstallation: 'underwater' }, 'failureModel.defaultInstallation');
  });

  it('refuses a request’s model naming what the topology does not hold, naming the field and the id', () => {
    const net = compileNetwork(base);
    const cases: [object, string, string][] = [
      [{ sites: { 'NRO-Z': { ratePerYear: 1 } } }, 'failureModel.sites', 'NRO-Z'],
      [{ sections: { 'S-99': { mttrHours: 1 } } }, 'failureModel.sections', 'S-99'],
      [{ riskGroups: { 'bridge-z': { ratePerYear: 1 } } }, 'failureModel.riskGroups', 'bridge-z'],
      [{ owners: { Orange: { mttrHours: 1 } } }, 'failureModel.owners', 'Orange'],
    ];
    for (const [model, field, id] of cases) {
      expect(() => failureRates(net, base, { model })).toThrow(UnknownReferenceError);
      try {
        failureRates(net, base, { model });
      } catch (error) {
        expect({ field: (error as UnknownReferenceError).field, id: (error as UnknownReferenceError).id }).toEqual({ field, id });
      }
    }
    // A planned section and a link are the topology's: they may be named.
    expect(() => failureRates(net, base, { model: { sections: { 'S-2': { mttrHours: 1 }, 'R-1': { mttrHours: 1 } } } })).not.toThrow();
  });
});

describe('the format’s failure fields', () => {
  it('accepts an installation on sections and links and a failure model at the top level', () => {
    const doc = { ...base, failureModel: { defaultInstallation: 'buried', owners: { Viatel: { mttrHours: 8 } }, riskGroups: { trench: { lengthM: 500 } }, sites: { HE: { ratePerYear: 0.01 } }, sections: { 'R-1': { mttrHours: 30 } } } };
    expect(validateTopology(doc).problems).toEqual([]);
  });

  it('reports an unknown installation and a failure model naming unknown ids, each with its path and id', () => {
    const doc = {
      ...base,
      sections: base.sections.map((s) => (s.id === 'S-3' ? { ...s, installation: 'tunnel' } : s)),
      failureModel: {
        sites: { 'NRO-Z': { ratePerYear: 1 } }, sections: { 'S-99': {} }, riskGroups: { 'bridge-z': {} }, owners: { Orange: {} },
        installations: { duct: { mttrHours: 10_000 } },
      },
    };
    const problems = validateTopology(doc).problems.map((p) => ({ path: p.path, id: p.id, code: p.code }));
    expect(problems).toEqual([
      { path: '$.sections[2].installation', id: 'S-3', code: 'invalid-value' },
      { path: '$.failureModel.installations.duct.mttrHours', id: undefined, code: 'invalid-value' },
      { path: '$.failureModel.sites.NRO-Z', id: 'NRO-Z', code: 'unknown-site' },
      { path: '$.failureModel.sections.S-99', id: 'S-99', code: 'unknown-section' },
      { path: '$.failureModel.riskGroups.bridge-z', id: 'bridge-z', code: 'unknown-risk-group' },
      { path: '$.failureModel.owners.Orange', id: 'Orange', code: 'unknown-owner' },
    ]);
  });

  it('goes through GeoJSON and back unchanged', () => {
    const doc = { ...base, failureModel: { defaultInstallation: 'aerial' as const, riskGroups: { trench: { lengthM: 500 } } } };
    expect(topologyFromGeoJSON(topologyToGeoJSON(doc))).toEqual(doc);
  });

  it('leaves the Somme network valid: the fields are optional', () => {
    const somme = JSON.parse(readFileSync(new URL('../topology/somme.json', import.meta.url), 'utf8'));
    expect(validateTopology(somme).problems).toEqual([]);
  });
});
