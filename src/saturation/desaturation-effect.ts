import { compareIds } from '../analysis/id-order.js';
import type { CompiledNetwork } from '../graph/compile.js';
import type { DesaturationWork } from '../model/schema.js';
import { type SaturationOptions, saturationOptions } from './options.js';
import { type LoadLevel, loadAfterWorks, loadLevel } from './section-loads.js';

export interface RelievedSection {
  section: string;
  /** False when the section is not in the analysed network (planned, say): no figures then. */
  analysed: boolean;
  capacityBefore: number | null;
  /** capacityBefore + the work's addedCapacityFibres; null when either is unknown. */
  capacityAfter: number | null;
  before: LoadLevel | null;
  /** A work that does not say how many fibres it adds is taken to relieve the section (`ok`, with a note), as the rankings and the plan take it. */
  after: LoadLevel | null;
  /** With a sweep: the worst single-cut load, against the capacity before and after. */
  worstBefore?: LoadLevel | null;
  worstAfter?: LoadLevel | null;
}

/** A desaturation work as the tables print it, with its cost per metre. */
export interface WorkFigures {
  id: string;
  urgency: number;
  label: string;
  owner: string;
  lengthM: number;
  costEur: number;
  eurPerM: number;
}

export interface DesaturationEffect extends WorkFigures {
  addedCapacityFibres: number | null;
  sections: RelievedSection[];
}

export interface DesaturationOptions extends SaturationOptions {
  /** Worst single-cut load of each section (`n1SweepLoads(…).worstLoad`), to show the N-1 effect too. */
  worstLoad?: Float64Array;
}

/**
 * The effect of each desaturation work on the sections it names (docs/analysis.md, "Saturation" and "Ranking"): their load
 * against their capacity before, and after the work adds `addedCapacityFibres` to each. Routes
 * do not move (routing goes by length), so only the capacity changes. Each work is taken on its
 * own. Ordered by urgency, then €/m, then id.
 *
 * @example
 * const load = sectionLoadFibres(net, routedFibres(routing, 2));
 * desaturationEffect(net, topology.desaturationWorks ?? [], load)[0].sections[0].after?.state; // 'ok'
 */
export function desaturationEffect(
  net: CompiledNetwork,
  works: readonly DesaturationWork[],
  load: Float64Array,
  options: DesaturationOptions = {},
): DesaturationEffect[] {
  const resolved = saturationOptions(options);
  const { worstLoad } = options;
  // The one rule of `loadAfterWorks`: a done work that gives no capacity relieves its sections.
  const assumedRelieved = (fibres: number, capacity: number): LoadLevel => {
    const { ratio, state, note } = loadAfterWorks('', { load: fibres, capacity: capacity > 0 ? capacity : null }, [{}], true, resolved);
    return { loadFibres: fibres, ratio, state, ...(note && { note }) };
  };
  return works
    .map((work): DesaturationEffect => {
      const added = work.addedCapacityFibres ?? null;
      const sections = work.sections.map((id): RelievedSection => {
        const e = net.sectionIndex.get(id);
        if (e === undefined) {
          return { section: id, analysed: false, capacityBefore: null, capacityAfter: null, before: null, after: null };
        }
        const capacity = net.capacityFibres[e];
        const known = capacity > 0;
        const level = (fibres: number, extra: number) => loadLevel(net, e, fibres, resolved, extra);
        return {
          section: id,
          analysed: true,
          capacityBefore: known ? capacity : null,
          capacityAfter: known && added !== null ? capacity + added : null,
          before: level(load[e], 0),
          after: added === null ? assumedRelieved(load[e], capacity) : level(load[e], added),
          ...(worstLoad && {
            worstBefore: level(worstLoad[e], 0),
            worstAfter: added === null ? assumedRelieved(worstLoad[e], capacity) : level(worstLoad[e], added),
          }),
        };
      });
      return {
        id: work.id,
        urgency: work.urgency,
        label: work.label,
        owner: work.owner,
        lengthM: work.lengthM,
        costEur: work.costEur,
        eurPerM: work.costEur / work.lengthM,
        addedCapacityFibres: added,
        sections,
      };
    })
    .sort((a, b) => a.urgency - b.urgency || a.eurPerM - b.eurPerM || compareIds(a.id, b.id));
}
