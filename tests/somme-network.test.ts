import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resilienceReport } from '../src/analysis/resilience-report.js';
import { compileNetwork } from '../src/graph/compile.js';
import type { Topology } from '../src/model/schema.js';
import { validateTopology } from '../src/model/validate.js';

const somme: Topology = JSON.parse(readFileSync(new URL('../topology/somme.json', import.meta.url), 'utf8'));
const seedDir = new URL('./fixtures/seed/', import.meta.url);

/** The seed's CSV tables, read independently of any project code. */
function csv(name: string): Record<string, string>[] {
  const [header, ...rows] = readFileSync(new URL(name, seedDir), 'utf8').trim().split('\n');
  const keys = header.split(',');
  return rows.map((row) => Object.fromEntries(row.split(',').map((value, i) => [keys[i], value])));
}

const fold = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

describe('the Somme network', () => {
  it('is a valid fibre-topology/1 document', () => {
    expect(validateTopology(somme).problems).toEqual([]);
  });

  it('holds the 14 redundancy links exactly as the seed table prints them', () => {
    const seed = csv('redundancy_links.csv');
    expect(somme.redundancyLinks).toHaveLength(14);
    seed.forEach((row, i) => {
      const link = somme.redundancyLinks![i];
      expect(link.id).toBe(`R-${String(i + 1).padStart(2, '0')}`);
      expect([link.priority, link.a, link.b, link.lengthM, link.costEur]).toEqual([
        Number(row.priority), `NRO-${row.nro_a}`, `NRO-${row.nro_b}`, Number(row.length_m), Number(row.cost_eur_ht),
      ]);
    });
  });

  it('holds the 11 desaturation works exactly as the seed table prints them, on sections of their owner and length', () => {
    const seed = csv('desaturation_works.csv');
    const sections = new Map(somme.sections.map((s) => [s.id, s]));
    expect(somme.desaturationWorks).toHaveLength(11);
    seed.forEach((row, i) => {
      const work = somme.desaturationWorks![i];
      expect(work.id).toBe(`D-${String(i + 1).padStart(2, '0')}`);
      expect([work.urgency, fold(work.label), fold(work.owner), work.lengthM, work.costEur]).toEqual([
        Number(row.urgency), fold(row.section_label), fold(row.conduit_owner), Number(row.length_m), Number(row.cost_eur_ht),
      ]);
      const relieved = work.sections.map((id) => sections.get(id)!);
      expect(relieved.every((s) => s.owner === work.owner)).toBe(true);
      expect(relieved.reduce((sum, s) => sum + s.lengthM, 0)).toBe(work.lengthM);
    });
  });

  it('declares the totals the source document prints', () => {
    const totals = csv('declared_totals.csv');
    expect(somme.declaredTotals).toEqual({
      redundancyLinks: { lengthM: Number(totals[0].length_m), costEur: Number(totals[0].cost_eur_ht) },
      desaturationWorks: { lengthM: Number(totals[1].length_m), costEur: Number(totals[1].cost_eur_ht) },
    });
  });

  it('has one NRO per code of the redundancy table and 40–80 NROs in all', () => {
    const codes = csv('redundancy_links.csv').flatMap((r) => [r.nro_a, r.nro_b]);
    const ids = new Set(somme.sites.map((s) => s.id));
    for (const code of codes) expect(ids.has(`NRO-${code}`)).toBe(true);
    const nros = somme.sites.filter((s) => s.kind === 'nro').length;
    expect(nros).toBeGreaterThanOrEqual(40);
    expect(nros).toBeLessThanOrEqual(80);
    expect(somme.sites.find((s) => s.id === 'HE-SMSN')?.status).toBe('planned');
  });

  const statusOf = (withLinks: string[] = []) =>
    new Map(resilienceReport(compileNetwork(somme, { withLinks })).nros.map((n) => [n.id, n.status]));

  it('is mostly secured today, with no NRO isolated', () => {
    const status = [...statusOf().values()];
    expect(status.filter((s) => s === 'secured').length).toBeGreaterThan(status.length / 2);
    expect(status).not.toContain('isolated');
  });

  it('each of the 14 redundancy links secures at least one of its own NROs', () => {
    const today = statusOf();
    for (const link of somme.redundancyLinks!) {
      const after = statusOf([link.id]);
      const securedEnds = [link.a, link.b].filter((id) => today.get(id) === 'single-homed' && after.get(id) === 'secured');
      expect(securedEnds, link.id).not.toEqual([]);
    }
  });

  it('leaves a few NROs single-homed once all 14 links are built', () => {
    const after = statusOf(somme.redundancyLinks!.map((l) => l.id));
    const single = [...after].filter(([, s]) => s === 'single-homed').map(([id]) => id);
    expect(single.length).toBeGreaterThanOrEqual(1);
    expect(single.length).toBeLessThanOrEqual(5);
  });
});
