import { compareIds } from '../analysis/id-order.js';
import type { Topology } from '../model/schema.js';
import type { WorkFigures } from '../saturation/desaturation-effect.js';
import { type RouteRelief, routeRelief } from './route-relief.js';
import { engineSaturationModel } from './saturation-engine-model.js';
import type { RelievedLoad, SaturationModel, SaturationModelOptions } from './saturation-model.js';

/** One desaturation work and what it relieves on its own. */
export interface RankedWork extends WorkFigures {
  /** The sections it relieves, before and after the work. */
  sections: Array<{ section: string; before: RelievedLoad; after: RelievedLoad }>;
  /** Strained sections (saturated or near) that the work brings below the near threshold. */
  sectionsCleared: string[];
  /** NROs whose route crosses one of its sections. */
  relievedNros: string[];
  /** NROs whose route stops crossing any strained section thanks to this work alone. */
  unblockedNros: string[];
  subscribersUnblocked: number;
  /** True when it clears no strained section. */
  buysNothing: boolean;
}

export interface WorkRanking {
  /** The saturation model the figures come from. */
  model: string;
  works: RankedWork[];
  /** What all the works do together: routes unblocked only when every strained section on them is cleared. */
  together: RouteRelief;
}

export interface WorkRankingOptions extends SaturationModelOptions {
  /** A saturation model; default the saturation engine's (`engineSaturationModel`). */
  model?: SaturationModel;
}

/**
 * Ranks desaturation works by urgency, then €/m, each with the saturation of the sections it
 * relieves before and after, and the collection routes it unblocks on its own.
 *
 * @example
 * rankDesaturationWorks(topology).works[0].sections[0].before.state; // 'near'
 */
export function rankDesaturationWorks(topology: Topology, options: WorkRankingOptions = {}): WorkRanking {
  const model = options.model ?? engineSaturationModel(topology, options);
  const works = [...(topology.desaturationWorks ?? [])].sort(
    (x, y) => x.urgency - y.urgency || x.costEur / x.lengthM - y.costEur / y.lengthM || compareIds(x.id, y.id),
  );
  const relief = routeRelief(model, works);
  return {
    model: model.name,
    together: relief(works.map((w) => w.id)),
    works: works.map((w) => {
      const before = model.sectionLoads(w.sections, []);
      const after = model.sectionLoads(w.sections, [w.id]);
      const alone = relief([w.id]);
      const mine = new Set(w.sections);
      return {
        id: w.id,
        urgency: w.urgency,
        label: w.label,
        owner: w.owner,
        lengthM: w.lengthM,
        costEur: w.costEur,
        eurPerM: w.costEur / w.lengthM,
        sections: w.sections.map((section, i) => ({ section, before: before[i], after: after[i] })),
        sectionsCleared: alone.sectionsCleared,
        relievedNros: model.routes.filter((r) => r.sections.some((s) => mine.has(s))).map((r) => r.nro).sort(compareIds),
        unblockedNros: alone.unblockedNros,
        subscribersUnblocked: alone.subscribersUnblocked,
        buysNothing: alone.sectionsCleared.length === 0,
      };
    }),
  };
}
