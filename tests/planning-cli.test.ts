import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planningNetwork } from './support/planning-network.js';
import { runCli } from './support/run-cli.js';

const SOMME = 'topology/somme.json';
const dir = mkdtempSync(join(tmpdir(), 'fibre-planning-cli-'));
const HAND = join(dir, 'hand.json');
writeFileSync(HAND, JSON.stringify(planningNetwork()));

describe('fibre-resilience rank', () => {
  it('prints the links with what they secure, flags the one that buys nothing, and the warnings', async () => {
    const { code, stdout, stderr } = await runCli('rank', HAND);
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout).toMatch(/^L4 +3 +POP-A +POP-B .*BUYS NOTHING$/m);
    expect(stdout).toMatch(/^L2 +1 +NRO-2 +NRO-4 .*NRO-1, NRO-2, NRO-4 +1\u202f800 +56 +S4, S5, S7/m);
    expect(stdout).toContain('1 link(s) buy nothing: L4');
    expect(stdout).toMatch(/^D3 .*BUYS NOTHING/m);
    expect(stdout).toContain("warning: redundancy links: L4 costs 30 €/m, 20 % above the table's rate of 25 €/m");
  });

  it('prints JSON with every part', async () => {
    const { code, stdout } = await runCli('rank', HAND, '--json');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(Object.keys(result)).toEqual(['links', 'valueOrdering', 'desaturationWorks', 'proposedLinks', 'warnings']);
    expect(result.links.links.find((l: { id: string }) => l.id === 'L1').securedNros).toEqual(['NRO-1', 'NRO-3']);
  });

  it('writes CSV for a French spreadsheet', async () => {
    const { code, stdout } = await runCli('rank', HAND, '--csv');
    expect(code).toBe(0);
    expect(stdout.charCodeAt(0)).toBe(0xfeff);
    const lines = stdout.slice(1).split('\r\n');
    expect(lines[0].split(';')[0]).toBe('table');
    // L1: 250 000 € for 1 800 subscribers = 138,888889 € each, decimal comma, no grouping.
    const l1 = lines.find((l) => l.startsWith('redundancy link;1;L1;'))!.split(';');
    expect(l1.slice(6, 12)).toEqual(['10000', '250000', '25', 'NRO-1, NRO-3', '1800', '138,888889']);
  });

  it('refuses --json with --csv (exit 2)', async () => {
    const { code, stderr } = await runCli('rank', HAND, '--json', '--csv');
    expect(code).toBe(2);
    expect(stderr).toContain('--json and --csv: choose one');
  });

  it('on the Somme network, shows every seed link securing at least one NRO', async () => {
    const { code, stdout } = await runCli('rank', SOMME, '--json');
    expect(code).toBe(0);
    const { links } = JSON.parse(stdout).links;
    expect(links).toHaveLength(14);
    for (const link of links) {
      expect(link.unavailable).toBeUndefined();
      expect(link.securedNros.length).toBeGreaterThan(0);
      expect(link.buysNothing).toBe(false);
    }
    // The seed's Cayeux – Fort-Mahon link closes the loop of NRO-CAY.
    expect(links.find((l: { id: string }) => l.id === 'R-01').securedNros).toContain('NRO-CAY');
  });
});

describe('fibre-resilience plan', () => {
  it('prints the plan with its method, schedule and funding', async () => {
    const { code, stdout, stderr } = await runCli('plan', HAND, '--budget', '400 000', '--years', '2');
    expect([code, stderr]).toEqual([0, '']);
    // Numbers are grouped by thin spaces (U+202F), as the other commands print them.
    expect(stdout).toContain('Method: MILP (HiGHS 1.15.3), proved optimal (gap 0 %)');
    expect(stdout).toMatch(/^Solver: HiGHS 1\.15\.3 .*, optimal, [\d.]+ s, \d+ rounds/m);
    expect(stdout).toMatch(/^Objective: maximise subscribers secured/m);
    expect(stdout).toMatch(/^total +400\u202f000 +275\u202f000 +137\u202f500 +62\u202f500 +75\u202f000$/m);
  });

  it('takes the funding as shares and writes CSV whose years add up', async () => {
    const { code, stdout } = await runCli('plan', HAND, '--budget', '400000', '--years', '2', '--funding', 'État=0.8,Ville=0.2', '--csv');
    expect(code).toBe(0);
    expect(stdout.charCodeAt(0)).toBe(0xfeff);
    const rows = stdout.slice(1).trimEnd().split('\r\n').map((l) => l.split(';'));
    expect(rows[0].slice(-2)).toEqual(['État (€)', 'Ville (€)']);
    // Year 1: 200 000 € → 160 000 + 40 000; year 2: 75 000 → 60 000 + 15 000.
    expect(rows.find((r) => r[1] === 'total year 1')!.slice(-3)).toEqual(['200000', '160000', '40000']);
    expect(rows.find((r) => r[1] === 'total year 2')!.slice(-3)).toEqual(['75000', '60000', '15000']);
    expect(rows[rows.length - 1].slice(-3)).toEqual(['275000', '220000', '55000']);
  });

  it('asks for branch and bound or the greedy by --method, and gives the same optimum by branch and bound', async () => {
    const milp = JSON.parse((await runCli('plan', HAND, '--budget', '400000', '--json')).stdout);
    const bb = JSON.parse((await runCli('plan', HAND, '--budget', '400000', '--method', 'branch-and-bound', '--json')).stdout);
    const greedy = JSON.parse((await runCli('plan', HAND, '--budget', '400000', '--method', 'greedy', '--json')).stdout);
    expect([bb.method, bb.optimal, bb.gap, bb.solver]).toEqual(['exact (branch and bound)', true, 0, null]);
    expect([greedy.method, greedy.optimal, greedy.gap]).toEqual(['lazy greedy with best-single fallback', false, null]);
    expect([milp.value.score, milp.value.sectionsCleared, milp.costEur]).toEqual([bb.value.score, bb.value.sectionsCleared, bb.costEur]);
  });

  it('plans the Somme network with the proposals (--propose): 92 candidates, exact, the method and the gap shown', async () => {
    const { code, stdout } = await runCli('plan', SOMME, '--budget', '3884950', '--years', '3', '--propose', '--json');
    expect(code).toBe(0);
    const plan = JSON.parse(stdout);
    expect([plan.candidates, plan.proposedCandidates]).toEqual([92, 67]);
    expect([plan.method, plan.optimal, plan.gap, plan.solver.status]).toEqual(['MILP (HiGHS 1.15.3)', true, 0, 'optimal']);
    expect(plan.bound).toBe(plan.value.score);
    expect(plan.selected.some((w: { proposed: boolean }) => w.proposed)).toBe(true);
    for (const w of plan.selected.filter((x: { proposed: boolean }) => x.proposed)) expect(w.label).toMatch(/\(proposed\)$/);
    const human = await runCli('plan', SOMME, '--budget', '3884950', '--years', '3', '--propose', '--per-nro', '3');
    expect(human.stdout).toContain('Method: MILP (HiGHS 1.15.3), proved optimal (gap 0 %) (92 candidates, 67 of them proposed');
  });

  it('reports usage errors with exit 2', async () => {
    for (const limit of ['0', '-1', 'soon']) {
      const bad = await runCli('plan', HAND, '--budget', '1000', '--time-limit', limit);
      expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('--time-limit')]);
    }
    const method = await runCli('plan', HAND, '--budget', '1000', '--method', 'simplex');
    expect([method.code, method.stderr]).toEqual([2, expect.stringContaining('--method')]);
    const perNro = await runCli('plan', HAND, '--budget', '1000', '--per-nro', '2');
    expect([perNro.code, perNro.stderr]).toEqual([2, expect.stringContaining('--propose')]);
    expect((await runCli('plan', HAND)).code).toBe(2);
    const shares = await runCli('plan', HAND, '--budget', '1000', '--funding', 'A=0.5,B=0.2');
    expect([shares.code, shares.stderr]).toEqual([2, expect.stringContaining('--funding: shares sum to 0.7')]);
    const over = await runCli('plan', HAND, '--budget', '1000', '--mandatory', 'L1');
    expect([over.code, over.stderr]).toEqual([2, expect.stringContaining('plan: --mandatory: mandatory works cost 250000 €, more than the 1000 € that can be spent: the cheapest feasible budget is 250000 €')]);
    expect((await runCli('plan', HAND, '--budget', 'lots')).code).toBe(2);
  });

  it('plans the seed budget on the Somme network: 3 290 450 € of links + 594 500 € of works over three years', async () => {
    const { code, stdout } = await runCli('plan', SOMME, '--budget', '3884950', '--years', '3', '--json');
    expect(code).toBe(0);
    const plan = JSON.parse(stdout);
    expect(plan.method).toBe('MILP (HiGHS 1.15.3)');
    expect([plan.optimal, plan.gap, plan.solver.status]).toEqual([true, 0, 'optimal']);
    expect(plan.candidates).toBe(25);
    expect(plan.costEur).toBeLessThanOrEqual(3884950);
    expect(plan.years).toHaveLength(3);
    for (const year of plan.years) {
      expect(year.costEur).toBeLessThanOrEqual(1294984);
      expect(year.funding.reduce((t: number, f: { amountEur: number }) => t + f.amountEur, 0)).toBe(year.costEur);
    }
    expect(plan.years.reduce((t: number, y: { costEur: number }) => t + y.costEur, 0)).toBe(plan.costEur);
    expect(plan.funding.shares.map((s: { source: string }) => s.source)).toEqual(['France Relance', 'Région', 'Autofinancement']);
    expect(plan.value.subscribersSecured).toBeGreaterThan(0);
  });
});
