import { compareIds } from '../../analysis/id-order.js';
import type { RedundancyLink, Topology } from '../../model/schema.js';
import { type CandidateLinkOptions, proposeCandidateLinks } from '../candidate-links.js';
import { linkUnavailable } from '../link-scenario.js';
import type { MilpSolver, MilpStatus } from '../milp/milp-solver.js';
import { exactSelection } from './exact.js';
import { A2_FUNDING, type FundingShare, splitFunding } from './funding.js';
import { lazyGreedySelection } from './lazy-greedy.js';
import { milpSelection } from './milp-selection.js';
import { deploymentYears, type Item, type ObjectiveOptions, type PlanObjective, type PlanValue, planObjective } from './objective.js';
import { planStructure } from './plan-structure.js';
import { pruneSelection } from './prune.js';
import { type Schedule, scheduleByYear } from './schedule.js';
import { InvalidOptionError } from '../../model/errors.js';

/** How the plan chooses: `auto` (MILP when a solver is given and the objective is linear, else branch and bound up to `exactLimit`, lazy greedy above). */
export type PlanMethod = 'auto' | 'milp' | 'branch-and-bound' | 'greedy';
export const PLAN_METHODS: readonly PlanMethod[] = ['auto', 'milp', 'branch-and-bound', 'greedy'];

/** New links proposed by geometry for every NRO single-homed in the baseline (`proposeCandidateLinks`), added to the candidates. */
export type PlanProposals = Pick<CandidateLinkOptions, 'perNro' | 'detourFactor' | 'eurPerM'>;

export interface PlanOptions extends Omit<ObjectiveOptions, 'inServiceBy'> {
  /** Total budget, € HT. */
  budgetEur: number;
  /** Number of years. Default 1, or the number of yearly budgets. */
  years?: number;
  /** Cap on each year's spending. Default the budget split evenly over the years in whole euros (the odd euros on the first years). */
  yearlyCapEur?: number;
  /** One budget per year, instead of `years` and `yearlyCapEur`. */
  yearlyBudgetsEur?: readonly number[];
  /** Funding shares applied to each year's cost. Default the A.2 action of the seed. */
  funding?: readonly FundingShare[];
  /** Ids of works forced into the plan. */
  mandatory?: readonly string[];
  /** Links of priority ≤ this and works of urgency ≤ this are forced into the plan. */
  mandatoryRank?: number;
  /** Branch and bound up to this many candidates, lazy greedy above (when the MILP is not used). Default 25. */
  exactLimit?: number;
  /** Node limit of the branch and bound. Default 2 000 000. */
  nodeLimit?: number;
  /** The MILP solver (`loadMilpSolver()`); without one, branch and bound or lazy greedy. */
  solver?: MilpSolver;
  /** Default `auto`. */
  method?: PlanMethod;
  /** Seconds the MILP may take, its three stages together. Default 30. */
  timeLimitS?: number;
  /** Also take as candidates the links proposed for every NRO single-homed in the baseline; `perNro` default 3. */
  propose?: PlanProposals | boolean;
  /** Calendar year of the programme's year 1. Default the smallest `deploymentYear` of the NROs, or none. */
  startYear?: number;
}

export interface PlannedWork {
  id: string;
  kind: 'redundancy link' | 'desaturation work';
  label: string;
  rank: number;
  costEur: number;
  mandatory: boolean;
  /** A link proposed by geometry (`propose`), not one of the topology's. */
  proposed: boolean;
  /** A redundancy link's ends (a proposal is not in the topology: the map draws it from these). */
  ends?: { a: string; b: string };
  payments: Array<{ year: number; amountEur: number }>;
  /** With deployment years: the first calendar year it is worth something (its NROs in service), when later than the programme's start. */
  worthFrom?: number;
  note?: string;
}

/** The solver behind a MILP plan. */
export interface PlanSolver {
  name: string;
  status: MilpStatus;
  /** Solver seconds, every solve. */
  seconds: number;
  nodes: number;
  /** Solves, each followed by the check of the NROs it counts secured (docs/analysis.md). */
  rounds: number;
  /** Cuts those checks added. */
  cutsAdded: number;
}

export interface Plan {
  /** `MILP (HiGHS 1.15.3)`, `exact (branch and bound)` or `lazy greedy with best-single fallback`. */
  method: string;
  /** True when the method proved the selection optimal. */
  optimal: boolean;
  /** (bound − score) / max(1, score): 0 when proved, null when the method gives no bound (the greedy). */
  gap: number | null;
  /** No selection under this budget scores more; null without a bound. */
  bound: number | null;
  /** The MILP's solver record; null with the other methods. */
  solver: PlanSolver | null;
  objective: string;
  saturationModel: string;
  budgetEur: number;
  /** What the selection could spend: the budget, or the sum of yearly caps when smaller. */
  spendableEur: number;
  candidates: number;
  /** Candidates proposed by geometry among them (`propose`). */
  proposedCandidates: number;
  evaluations: number;
  /** Calendar year of year 1, when the NROs carry deployment years (or `startYear` was given). */
  startYear?: number;
  selected: PlannedWork[];
  notSelected: Array<{ id: string; kind: PlannedWork['kind']; costEur: number; proposed: boolean; reason: string }>;
  value: PlanValue;
  costEur: number;
  /** Each year, with what is secured and in service at its end (links fully paid by then). */
  years: Array<{
    year: number;
    calendarYear?: number;
    capEur: number;
    costEur: number;
    works: string[];
    funding: Array<{ source: string; amountEur: number }>;
    securedNros: string[];
    subscribersSecured: number;
  }>;
  funding: { shares: FundingShare[]; totals: Array<{ source: string; amountEur: number }> };
  warnings: string[];
}

type Candidate = Item & { kind: PlannedWork['kind']; label: string; rank: number; proposed: boolean; ends?: { a: string; b: string } };

interface Chosen {
  ids: string[];
  method: string;
  optimal: boolean;
  gap: number | null;
  bound: number | null;
  solver: PlanSolver | null;
}

/**
 * The best set of works under a budget (docs/analysis.md, "Planning"): redundancy links (and,
 * with `propose`, links proposed by geometry) and desaturation works as candidates, valued by
 * `planObjective`; chosen by a MILP when a solver is given (exact, with the proven gap), else by
 * branch and bound for up to `exactLimit` candidates and lazy greedy above; every work that adds
 * nothing given the rest dropped; then scheduled by year under the caps and split across funding
 * sources year by year.
 *
 * @example
 * const plan = planInvestments(topology, { budgetEur: 3_884_950, years: 3, solver: await loadMilpSolver() });
 * [plan.method, plan.gap]; // ['MILP (HiGHS 1.15.3)', 0]
 * plan.years.map((y) => y.costEur);
 */
export function planInvestments(source: Topology, options: PlanOptions): Plan {
  const { budgetEur } = options;
  if (!(budgetEur >= 0)) throw new InvalidOptionError('budgetEur', `plan: budget must be ≥ 0, got ${budgetEur}`);
  const timeLimitS = options.timeLimitS ?? 30;
  if (typeof timeLimitS !== 'number' || !(timeLimitS > 0) || !Number.isFinite(timeLimitS)) {
    throw new InvalidOptionError('timeLimitS', `plan: the time limit must be a number of seconds > 0, got ${String(options.timeLimitS)}`);
  }
  const requested = options.method ?? 'auto';
  if (!PLAN_METHODS.includes(requested)) throw new InvalidOptionError('method', `plan: method must be one of ${PLAN_METHODS.join(', ')}, got "${String(requested)}"`);
  const caps = yearlyCaps(options);
  const spendableEur = Math.min(budgetEur, caps.reduce((t, c) => t + c, 0));
  const funding = options.funding ?? A2_FUNDING;
  const warnings: string[] = [];
  if (spendableEur < budgetEur) warnings.push(`the yearly caps allow ${spendableEur} € in all, less than the budget of ${budgetEur} €`);
  const startYear = programmeStart(source, options.startYear);
  const lastYear = startYear === undefined ? undefined : startYear + caps.length - 1;

  const { topology, proposed } = withProposals(source, options);
  const mandatoryIds = new Set(options.mandatory ?? []);
  const rankLimit = options.mandatoryRank ?? 0;
  const candidates: Candidate[] = [];
  for (const l of topology.redundancyLinks ?? []) {
    const why = linkUnavailable(topology, l, options);
    if (why) {
      warnings.push(`link ${l.id} left out: ${why}`);
      if (mandatoryIds.has(l.id)) throw new InvalidOptionError('mandatory', `plan: mandatory link ${l.id} cannot be analysed: ${why}`);
      continue;
    }
    const isProposal = proposed.has(l.id);
    candidates.push({
      id: l.id, costEur: l.costEur, kind: 'redundancy link', label: `${l.a} – ${l.b}${isProposal ? ' (proposed)' : ''}`, rank: l.priority,
      mandatory: mandatoryIds.has(l.id) || (!isProposal && l.priority <= rankLimit), proposed: isProposal, ends: { a: l.a, b: l.b },
    });
  }
  for (const w of topology.desaturationWorks ?? []) {
    candidates.push({ id: w.id, costEur: w.costEur, kind: 'desaturation work', label: w.label, rank: w.urgency, mandatory: mandatoryIds.has(w.id) || w.urgency <= rankLimit, proposed: false });
  }
  for (const id of mandatoryIds) if (!candidates.some((c) => c.id === id)) throw new InvalidOptionError('mandatory', `plan: mandatory work "${id}" is neither a redundancy link nor a desaturation work`);

  const forcedCost = candidates.filter((c) => c.mandatory).reduce((t, c) => t + c.costEur, 0);
  if (forcedCost > spendableEur) {
    const capsToo = spendableEur < budgetEur ? `, and yearly caps adding up to at least ${forcedCost} €` : '';
    throw new InvalidOptionError('mandatory', `plan: mandatory works cost ${forcedCost} €, more than the ${spendableEur} € that can be spent: the cheapest feasible budget is ${forcedCost} €${capsToo}`);
  }
  const objective = planObjective(topology, { ...options, inServiceBy: lastYear });
  const chosen = choose(topology, candidates, spendableEur, objective, options, requested, timeLimitS, warnings);
  const pruned = pruneSelection(candidates, chosen.ids, objective.value);
  if (pruned.dropped.length > 0) warnings.push(`dropped, as adding nothing given the rest: ${pruned.dropped.join(', ')}`);
  const ids = pruned.ids;

  const selection = new Set(ids);
  const value = objective.figures(ids);
  const empty = objective.figures([]);
  const alone = (id: string) => objective.figures([id]).score - empty.score;
  const selectedCandidates = candidates.filter((c) => selection.has(c.id));
  // With deployment years: the first calendar year each selected work is worth something, when later than year 1.
  const later = new Map<string, number>();
  if (startYear !== undefined) {
    for (const c of selectedCandidates) {
      const from = worthFrom(objective, topology, ids, c.id, startYear);
      if (from !== undefined && from > startYear) later.set(c.id, from);
    }
  }
  const schedule: Schedule = scheduleByYear(
    selectedCandidates.map((c) => ({
      id: c.id, costEur: c.costEur, mandatory: c.mandatory ?? false, rank: c.rank, valuePerEur: c.costEur > 0 ? alone(c.id) / c.costEur : 0,
      ...(later.has(c.id) && { inServiceYear: later.get(c.id) }),
    })),
    caps,
  );
  const payments = new Map(schedule.works.map((w) => [w.id, w.payments]));
  const costEur = selectedCandidates.reduce((t, c) => t + c.costEur, 0);
  const linkIds = new Set(candidates.filter((c) => c.kind === 'redundancy link').map((c) => c.id));
  const years = schedule.years.map((y) => {
    const built = schedule.works.filter((w) => linkIds.has(w.id) && w.payments.every((p) => p.year <= y.year)).map((w) => w.id);
    const calendarYear = startYear === undefined ? undefined : startYear + y.year - 1;
    return {
      year: y.year,
      ...(calendarYear !== undefined && { calendarYear }),
      capEur: y.capEur,
      costEur: y.costEur,
      works: y.works.map((w) => w.id),
      funding: splitFunding(y.costEur, funding),
      ...objective.securedBy(built, calendarYear),
    };
  });
  const totals = funding.map((f, i) => ({ source: f.source, amountEur: years.reduce((t, y) => t + y.funding[i].amountEur, 0) }));

  return {
    method: chosen.method,
    optimal: chosen.optimal,
    gap: chosen.gap,
    bound: chosen.bound,
    solver: chosen.solver,
    objective: objective.name,
    saturationModel: objective.model,
    budgetEur,
    spendableEur,
    candidates: candidates.length,
    proposedCandidates: candidates.filter((c) => c.proposed).length,
    evaluations: objective.evaluations(),
    ...(startYear !== undefined && { startYear }),
    selected: schedule.works.map((w) => {
      const c = candidates.find((x) => x.id === w.id)!;
      const from = later.get(c.id);
      return {
        id: c.id, kind: c.kind, label: c.label, rank: c.rank, costEur: c.costEur, mandatory: c.mandatory ?? false, proposed: c.proposed, ...(c.ends && { ends: c.ends }),
        payments: payments.get(c.id) ?? [],
        ...(from !== undefined && { worthFrom: from, note: `worth something from ${from}` }),
      };
    }),
    notSelected: candidates
      .filter((c) => !selection.has(c.id))
      .map((c) => ({ id: c.id, kind: c.kind, costEur: c.costEur, proposed: c.proposed, reason: reasonLeftOut(c, ids, costEur, spendableEur, objective, topology, lastYear) }))
      .sort((a, b) => compareIds(a.id, b.id)),
    value,
    costEur,
    years,
    funding: { shares: [...funding], totals },
    warnings,
  };
}

/** Runs the method asked for (or the one `auto` picks), with the greedy's set as the MILP's start and the branch and bound's incumbent. */
function choose(
  topology: Topology,
  candidates: readonly Candidate[],
  spendableEur: number,
  objective: PlanObjective,
  options: PlanOptions,
  requested: PlanMethod,
  timeLimitS: number,
  warnings: string[],
): Chosen {
  const { solver } = options;
  if (requested === 'milp' && !solver) throw new InvalidOptionError('solver', 'plan: the milp method needs a solver (loadMilpSolver())');
  if (requested === 'milp' && !objective.linear) {
    throw new InvalidOptionError('method', 'plan: the subscriber-hours objective is not linear (double failures): use branch-and-bound or greedy');
  }
  let useMilp = solver !== undefined && objective.linear && (requested === 'auto' || requested === 'milp');
  if (solver && !objective.linear && requested === 'auto') {
    warnings.push('the subscriber-hours objective is not linear (it counts double failures): branch and bound or lazy greedy, not the MILP');
  }
  const greedy = lazyGreedySelection(candidates, spendableEur, objective.value, { bundles: objective.bundles() });
  if (useMilp && solver) {
    const structure = planStructure(topology, options, objective, candidates.map((c) => ({ id: c.id, kind: c.kind === 'redundancy link' ? 'link' : 'work' })));
    if (structure.tooManyWorks.length > 0) {
      warnings.push(`more than 12 works name each of ${structure.tooManyWorks.join(', ')}: their clearing sets were not enumerated, so branch and bound or lazy greedy instead of the MILP`);
      useMilp = false;
    } else {
      const result = milpSelection(candidates, spendableEur, structure, objective.value, {
        solver, timeLimitS, start: greedy.ids, securedBy: (ids) => objective.reach(ids).securedNros,
      });
      warnings.push(...result.warnings);
      return {
        ids: result.ids,
        method: `MILP (${solver.name.replace(/ \(.*$/, '')})`,
        optimal: result.proved,
        gap: result.gap,
        bound: result.bound,
        solver: { name: solver.name, status: result.status, seconds: result.seconds, nodes: result.nodes, rounds: result.rounds, cutsAdded: result.cutsAdded },
      };
    }
  }
  const exactLimit = options.exactLimit ?? 25;
  if (requested !== 'greedy' && candidates.length <= exactLimit) {
    const result = exactSelection(candidates, spendableEur, objective.value, { nodeLimit: options.nodeLimit, incumbent: greedy });
    if (!result.proved) warnings.push('the exact search stopped at its node limit: the best set found, not proved optimal');
    return { ids: result.ids, method: 'exact (branch and bound)', optimal: result.proved, gap: result.proved ? 0 : null, bound: result.proved ? result.value.score : null, solver: null };
  }
  if (requested === 'branch-and-bound') warnings.push(`${candidates.length} candidates, more than the exact limit of ${exactLimit}: lazy greedy instead of branch and bound`);
  return { ids: greedy.ids, method: 'lazy greedy with best-single fallback', optimal: false, gap: null, bound: null, solver: null };
}

/** The topology with the proposed links among its redundancy links, and their ids. */
function withProposals(topology: Topology, options: PlanOptions): { topology: Topology; proposed: Set<string> } {
  if (!options.propose) return { topology, proposed: new Set() };
  const asked = options.propose === true ? {} : options.propose;
  const { links } = proposeCandidateLinks(topology, {
    headends: options.headends, includePlanned: options.includePlanned, baseLinks: options.baseLinks,
    afterLinks: [], perNro: asked.perNro ?? 3, detourFactor: asked.detourFactor, eurPerM: asked.eurPerM,
  });
  const added: RedundancyLink[] = links.map(({ id, priority, a, b, lengthM, costEur, owner }) => ({ id, priority, a, b, lengthM, costEur, owner }));
  return { topology: { ...topology, redundancyLinks: [...(topology.redundancyLinks ?? []), ...added] }, proposed: new Set(added.map((l) => l.id)) };
}

/** Year 1 of the programme: the option, else the smallest deployment year of the NROs. */
function programmeStart(topology: Topology, asked: number | undefined): number | undefined {
  if (asked !== undefined) {
    if (!(Number.isInteger(asked) && asked >= 1900 && asked <= 2200)) throw new InvalidOptionError('startYear', `plan: startYear must be a whole year between 1900 and 2200, got ${asked}`);
    return asked;
  }
  const years = topology.sites.filter((s) => s.kind === 'nro' && s.deploymentYear !== undefined).map((s) => s.deploymentYear!);
  return years.length === 0 ? undefined : Math.min(...years);
}

/**
 * The first calendar year a selected work is worth something: `startYear` when it clears a
 * strained section given the rest, else the earliest deployment year of the NROs it secures or
 * unblocks given the rest (those without one count from `startYear`). Undefined when it does
 * none of these (a mandatory work that adds nothing).
 */
function worthFrom(objective: PlanObjective, topology: Topology, ids: readonly string[], id: string, startYear: number): number | undefined {
  const years = deploymentYears(topology);
  const rest = ids.filter((x) => x !== id);
  if (objective.value(rest).sectionsCleared < objective.value(ids).sectionsCleared) return startYear;
  const all = objective.reach(ids);
  const without = objective.reach(rest);
  const lost = [...all.securedNros.filter((n) => !without.securedNros.includes(n)), ...all.unblockedNros.filter((n) => !without.unblockedNros.includes(n))];
  if (lost.length === 0) return undefined;
  return Math.max(startYear, Math.min(...lost.map((n) => years.get(n) ?? startYear)));
}

function reasonLeftOut(c: Item, ids: string[], costEur: number, spendableEur: number, objective: PlanObjective, topology: Topology, lastYear: number | undefined): string {
  const now = objective.value(ids);
  const more = objective.value([...ids, c.id]);
  if (more.score === now.score && more.sectionsCleared === now.sectionsCleared) {
    if (lastYear !== undefined) {
      const before = objective.reach(ids);
      const after = objective.reach([...ids, c.id]);
      const gained = [...after.securedNros.filter((n) => !before.securedNros.includes(n)), ...after.unblockedNros.filter((n) => !before.unblockedNros.includes(n))];
      const years = deploymentYears(topology);
      if (gained.length > 0 && gained.every((n) => (years.get(n) ?? -Infinity) > lastYear)) {
        return `its NROs enter service in ${Math.min(...gained.map((n) => years.get(n)!))}, after the programme (${lastYear})`;
      }
    }
    return 'adds nothing to the selected works';
  }
  if (costEur + c.costEur > spendableEur) return `does not fit: ${spendableEur - costEur} € left`;
  return 'a better use of the budget was found';
}

/**
 * The cap of each year from the options.
 *
 * @example
 * yearlyCaps({ budgetEur: 3_884_950, years: 3 }); // [1294984, 1294983, 1294983]
 */
export function yearlyCaps(options: Pick<PlanOptions, 'budgetEur' | 'years' | 'yearlyCapEur' | 'yearlyBudgetsEur'>): number[] {
  if (options.yearlyBudgetsEur) {
    if (options.yearlyBudgetsEur.length === 0 || options.yearlyBudgetsEur.some((b) => !(b >= 0))) throw new InvalidOptionError('yearlyBudgetsEur', 'plan: yearly budgets must be ≥ 0, at least one');
    if (options.years !== undefined && options.years !== options.yearlyBudgetsEur.length) {
      throw new InvalidOptionError('yearlyBudgetsEur', `plan: ${options.years} years but ${options.yearlyBudgetsEur.length} yearly budgets`);
    }
    return [...options.yearlyBudgetsEur];
  }
  const years = options.years ?? 1;
  if (!(Number.isInteger(years) && years >= 1)) throw new InvalidOptionError('years', `plan: years must be a positive integer, got ${years}`);
  if (options.yearlyCapEur === undefined) {
    // The budget in equal whole euros, the odd euros on the first years: the caps add up to it.
    const each = Math.floor(options.budgetEur / years);
    const odd = options.budgetEur - each * years;
    return Array.from({ length: years }, (_, y) => each + (y < Math.floor(odd) ? 1 : 0) + (y === years - 1 ? odd - Math.floor(odd) : 0));
  }
  const cap = options.yearlyCapEur;
  if (!(cap >= 0)) throw new InvalidOptionError('yearlyCapEur', `plan: yearly cap must be ≥ 0, got ${cap}`);
  return Array.from({ length: years }, () => cap);
}
