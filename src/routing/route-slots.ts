import { sharedZeros } from '../parallel/threads.js';
import type { Route } from './route.js';

/**
 * Where routing workers leave their routes, in shared memory made once by the calling thread:
 * by route index (2k the k-th NRO's primary, 2k + 1 its backup) the head-end (-1: no route),
 * the length, and the range of its sections in one of the workers' section arenas; by NRO,
 * whether the pair is proven the best (the routing's own `exact`).
 *
 * Nothing is allocated per chunk: a buffer made per chunk and freed on the other thread maps
 * and unmaps memory, or grows and trims the allocator's heaps, and each such change flushes
 * the address translations of every core that runs the process. At 1e6 sections those changes
 * slowed both workers' searches by some 10 % (3.8 s each instead of 3.4 s).
 */
export interface RouteSlots {
  headend: Int32Array;
  lengthM: Float64Array;
  /** The number of the arena that holds the route's sections (`SectionArena`). */
  arena: Int32Array;
  start: Int32Array;
  end: Int32Array;
  /** By NRO: 1 (as made) when the pair is proven the best, 0 when it is the best found within the search budget. */
  exact: Uint8Array;
  /** Arenas numbered so far, across workers (`Atomics.add`). */
  arenas: Int32Array;
}

/**
 * Slots for the routes of `nros` NROs, in shared memory.
 *
 * @example
 * const slots = routeSlots(routing.nros.length); // posted to the workers with the task
 */
export function routeSlots(nros: number): RouteSlots {
  const routes = Math.max(1, 2 * nros);
  return {
    headend: sharedZeros(Int32Array, routes, 4),
    lengthM: sharedZeros(Float64Array, routes, 8),
    arena: sharedZeros(Int32Array, routes, 4),
    start: sharedZeros(Int32Array, routes, 4),
    end: sharedZeros(Int32Array, routes, 4),
    exact: sharedZeros(Uint8Array, nros, 1).fill(1),
    arenas: sharedZeros(Int32Array, 1, 4),
  };
}

/** What a worker tells the calling thread: a new arena of sections (shared, not copied). */
export interface ArenaMessage {
  arena: number;
  sections: Int32Array;
}

/**
 * A worker's sections, appended to shared arenas it announces (`send`) as it makes them, each
 * twice the size of the one before.
 *
 * @example
 * const arena = new SectionArena(slots, send, 1 << 20);
 * arena.put(2 * k, pair?.primary ?? null);
 */
export class SectionArena {
  private sections: Int32Array;
  private id: number;
  private cursor = 0;

  constructor(
    private readonly slots: RouteSlots,
    private readonly send: (message: ArenaMessage) => void,
    firstLength: number,
  ) {
    this.sections = sharedZeros(Int32Array, Math.max(1024, firstLength), 4);
    this.id = this.announce();
  }

  /** Leaves route `r` (or none) in the slots. */
  put(r: number, route: Route | null): void {
    const { slots } = this;
    if (!route) {
      slots.headend[r] = -1;
      return;
    }
    const length = route.sections.length;
    if (this.cursor + length > this.sections.length) {
      this.sections = sharedZeros(Int32Array, Math.max(2 * this.sections.length, length), 4);
      this.cursor = 0;
      this.id = this.announce();
    }
    this.sections.set(route.sections, this.cursor);
    slots.arena[r] = this.id;
    slots.start[r] = this.cursor;
    this.cursor += length;
    slots.end[r] = this.cursor;
    slots.headend[r] = route.headend;
    slots.lengthM[r] = route.lengthM;
  }

  private announce(): number {
    const id = Atomics.add(this.slots.arenas, 0, 1);
    this.send({ arena: id, sections: this.sections });
    return id;
  }
}

/**
 * Route `r` of the slots, its sections a view of the arena that holds them (`arenas` by
 * number, as announced), or null when there is none. `siteOf` gives the original index of
 * each site when the workers routed a renumbered network (their head-ends are its own).
 *
 * @example
 * primary[k] = slotRoute(slots, arenas, 2 * k);
 */
export function slotRoute(slots: RouteSlots, arenas: readonly Int32Array[], r: number, siteOf?: Int32Array): Route | null {
  const headend = slots.headend[r];
  if (headend < 0) return null;
  return { headend: siteOf ? siteOf[headend] : headend, lengthM: slots.lengthM[r], sections: arenas[slots.arena[r]].subarray(slots.start[r], slots.end[r]) };
}
