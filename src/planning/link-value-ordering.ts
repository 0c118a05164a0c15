import type { Topology } from '../model/schema.js';
import { orderByPriority } from './link-ranking.js';
import { linkUnavailable, type ScenarioOptions, securedByLinks } from './link-scenario.js';

/** One link in the value ordering: what it adds to the links ranked above it. */
export interface ValueStep {
  rank: number;
  id: string;
  priority: number;
  costEur: number;
  /** Subscribers secured by this link given the links above it. */
  marginalSubscribers: number;
  marginalNros: string[];
  /** marginalSubscribers / costEur (0 when it adds nothing). */
  subscribersPerEur: number;
  /** costEur / marginalSubscribers; null when it adds nothing. */
  eurPerSubscriber: number | null;
  /** Subscribers it secures on its own, for comparison. */
  aloneSubscribers: number;
  cumulativeCostEur: number;
  cumulativeSubscribers: number;
  /** Links above it without which it would secure less (it secures more with them than alone). */
  synergyWith: string[];
  /** Set when it was taken as a pair: neither secured anything alone given the links above. */
  pairedWith?: string;
}

export interface ValueOrderingOptions extends ScenarioOptions {
  /** When no single link adds anything, pairs are tried while at most this many links remain. Default 40. */
  maxPairSearch?: number;
}

export interface ValueOrdering {
  steps: ValueStep[];
  /** Links that add nothing given every link above them, in priority order. */
  addNothing: string[];
  /** Links that could not be analysed (an end not analysed). */
  unavailable: string[];
  evaluations: number;
}

/**
 * Orders the redundancy links by value: greedily, the link that secures the most subscribers
 * per euro given the links already chosen (the marginal gain). Links that secure nothing on
 * their own but something together are found by trying pairs when no single link adds
 * anything, and marked `pairedWith`; links helped by those above them carry `synergyWith`.
 *
 * @example
 * const { steps } = orderLinksByValue(topology);
 * steps[0].id; // the best subscribers-per-euro link
 */
export function orderLinksByValue(topology: Topology, options: ValueOrderingOptions = {}): ValueOrdering {
  const maxPairSearch = options.maxPairSearch ?? 40;
  const all = orderByPriority(topology.redundancyLinks ?? []);
  const unavailable = all.filter((l) => linkUnavailable(topology, l, options)).map((l) => l.id);
  let remaining = all.filter((l) => !unavailable.includes(l.id));
  const value = securedByLinks(topology, options);
  const chosen: string[] = [];
  const steps: ValueStep[] = [];
  let current = value([]);
  let cumulativeCostEur = 0;

  const push = (link: (typeof all)[number], pairedWith?: string) => {
    const next = value([...chosen, link.id]);
    const marginalSubscribers = next.subscribersSecured - current.subscribersSecured;
    const aloneSubscribers = value([link.id]).subscribersSecured;
    const synergyWith =
      marginalSubscribers > aloneSubscribers
        ? chosen.filter((c) => value([c, link.id]).subscribersSecured - value([c]).subscribersSecured > aloneSubscribers)
        : [];
    cumulativeCostEur += link.costEur;
    steps.push({
      rank: steps.length + 1,
      id: link.id,
      priority: link.priority,
      costEur: link.costEur,
      marginalSubscribers,
      marginalNros: next.securedNros.filter((n) => !current.securedNros.includes(n)),
      subscribersPerEur: ratio(marginalSubscribers, link.costEur),
      eurPerSubscriber: marginalSubscribers > 0 ? link.costEur / marginalSubscribers : null,
      aloneSubscribers,
      cumulativeCostEur,
      cumulativeSubscribers: next.subscribersSecured,
      synergyWith,
      ...(pairedWith !== undefined && { pairedWith }),
    });
    chosen.push(link.id);
    current = next;
    remaining = remaining.filter((l) => l.id !== link.id);
  };

  while (remaining.length > 0) {
    let best: { link: (typeof all)[number]; score: number } | undefined;
    for (const link of remaining) {
      const gain = value([...chosen, link.id]).subscribersSecured - current.subscribersSecured;
      const score = ratio(gain, link.costEur);
      if (gain > 0 && (!best || score > best.score)) best = { link, score };
    }
    if (best) {
      push(best.link);
      continue;
    }
    const pair = remaining.length <= maxPairSearch ? bestPair(remaining, chosen, current.subscribersSecured, value) : undefined;
    if (!pair) break;
    push(pair[0], pair[1].id);
    push(pair[1], pair[0].id);
  }
  return { steps, addNothing: remaining.map((l) => l.id), unavailable, evaluations: value.evaluations() };
}

type Link = { id: string; costEur: number };

function bestPair<L extends Link>(remaining: readonly L[], chosen: readonly string[], base: number, value: (ids: string[]) => { subscribersSecured: number }) {
  let best: { pair: [L, L]; score: number } | undefined;
  for (let i = 0; i < remaining.length; i++) {
    for (let j = i + 1; j < remaining.length; j++) {
      const [x, y] = [remaining[i], remaining[j]];
      const gain = value([...chosen, x.id, y.id]).subscribersSecured - base;
      const score = ratio(gain, x.costEur + y.costEur);
      if (gain > 0 && (!best || score > best.score)) best = { pair: x.costEur <= y.costEur ? [x, y] : [y, x], score };
    }
  }
  return best?.pair;
}

/** Gain per euro; a free link with a gain comes first. */
const ratio = (gain: number, cost: number) => (gain <= 0 ? 0 : cost > 0 ? gain / cost : Number.POSITIVE_INFINITY);
