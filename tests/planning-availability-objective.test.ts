import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { topologyFromJSON } from '../src/io/read-topology.js';
import { availabilityRequest } from '../src/requests/availability.js';
import { NetworkWorkspace } from '../src/requests/network-workspace.js';
import { planRequest } from '../src/requests/plan.js';
import { rankRequest } from '../src/requests/rank.js';
import { runCli } from './support/run-cli.js';
import { SOMME_FILE } from './support/api.js';

const somme = topologyFromJSON(JSON.parse(readFileSync(SOMME_FILE, 'utf8')));
const workspace = new NetworkWorkspace(somme);
/** The network's expected subscriber-hours lost a year (lower bound) with some links built, from `availability`. */
const hoursWith = (links: string[]) =>
  availabilityRequest(new NetworkWorkspace(somme), { works: false, top: 0, network: { withLinks: links } }).network.subscriberHoursPerYear.lower;

describe('planning for subscriber-hours of outage avoided', () => {
  it('picks, under a small budget, the links that avoid the most subscriber-hours: every affordable set tried', async () => {
    const budgetEur = 200_000;
    const plan = await planRequest(workspace, { budgetEur, objective: 'subscriber-hours' });
    expect(plan.optimal).toBe(true);
    expect(plan.objective).toContain('subscriber-hours');
    const links = (somme.redundancyLinks ?? []).filter((l) => l.costEur <= budgetEur);
    const base = hoursWith([]);
    let best = 0;
    for (let mask = 1; mask < 1 << links.length; mask++) {
      const set = links.filter((_, i) => mask & (1 << i));
      if (set.reduce((t, l) => t + l.costEur, 0) > budgetEur) continue;
      best = Math.max(best, base - hoursWith(set.map((l) => l.id)));
    }
    const chosen = plan.selected.filter((w) => w.kind === 'redundancy link').map((w) => w.id);
    expect(plan.value.subscriberHoursAvoided).toBeCloseTo(base - hoursWith(chosen), 6);
    expect(plan.value.subscriberHoursAvoided).toBeCloseTo(best, 6);
    expect(best).toBeGreaterThan(0);
  });

  it('keeps the seed’s objective by default, and names a wrong one', async () => {
    expect((await planRequest(workspace, { budgetEur: 200_000 })).value.subscriberHoursAvoided).toBeUndefined();
    await expect(planRequest(workspace, { budgetEur: 1, objective: 'hours' as never })).rejects.toThrow(/objective/);
  });

  it('ranks every work by € per subscriber-hour avoided on request, as availability does', () => {
    const ranked = rankRequest(workspace, { objective: 'subscriber-hours' }).bySubscriberHours!;
    const worth = availabilityRequest(workspace, {}).works;
    expect(ranked).toEqual(worth);
    expect(ranked[0].eurPerSubscriberHour).toBeLessThanOrEqual(ranked[1].eurPerSubscriberHour!);
    expect(rankRequest(workspace, {}).bySubscriberHours).toBeUndefined();
  });

  it('takes --objective on the command line', async () => {
    const plan = await runCli('plan', SOMME_FILE, '--budget', '200000', '--objective', 'subscriber-hours');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/avoids [\d\s\u202f]+ expected subscriber-hours of outage a year/);
    const bad = await runCli('rank', SOMME_FILE, '--objective', 'hours');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--objective');
  });
});
