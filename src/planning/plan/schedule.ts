import { compareIds } from '../../analysis/id-order.js';
import { InvalidOptionError } from '../../model/errors.js';

/** A chosen work, with what orders it in the schedule. */
export interface SchedulableWork {
  id: string;
  costEur: number;
  mandatory: boolean;
  /** Priority of a link or urgency of a desaturation work: 1 first. */
  rank: number;
  /** Score per euro on its own, to order works of the same rank. */
  valuePerEur: number;
  /** Calendar year from which it is worth something (its NROs in service); undefined: from the start. */
  inServiceYear?: number;
}

export interface YearPlan {
  year: number;
  capEur: number;
  costEur: number;
  /** The works paid in this year, with the amount paid. */
  works: Array<{ id: string; amountEur: number }>;
}

export interface Schedule {
  years: YearPlan[];
  /** Each work's payments by year: more than one year only when it did not fit whole in any. */
  works: Array<{ id: string; payments: Array<{ year: number; amountEur: number }> }>;
  /** Works for which the caps left no room at all (only when the selection exceeds the sum of caps). */
  unscheduled: string[];
}

/**
 * Spreads chosen works over years under yearly caps: mandatory works first, then the works whose
 * NROs are in service earliest, then by rank (priority or urgency), then value per euro, then id. Each work goes whole into the earliest
 * year with room for it; a work too big for the room left in any year is paid over consecutive
 * years from the earliest with room (as a multi-year programme pays a long work), so any
 * selection within the sum of the caps is scheduled.
 *
 * @example
 * scheduleByYear([{ id: 'R-01', costEur: 400, mandatory: true, rank: 1, valuePerEur: 1 }], [300, 300]).works[0].payments;
 * // [{ year: 1, amountEur: 300 }, { year: 2, amountEur: 100 }]
 */
export function scheduleByYear(works: readonly SchedulableWork[], capsEur: readonly number[]): Schedule {
  if (capsEur.length === 0 || capsEur.some((c) => !(c >= 0))) throw new InvalidOptionError('yearlyCapEur', `plan-schedule: yearly caps must be ≥ 0, at least one year`);
  const room = [...capsEur];
  const years: YearPlan[] = capsEur.map((capEur, y) => ({ year: y + 1, capEur, costEur: 0, works: [] }));
  const ordered = [...works].sort(
    (a, b) =>
      Number(b.mandatory) - Number(a.mandatory) ||
      (a.inServiceYear ?? Number.NEGATIVE_INFINITY) - (b.inServiceYear ?? Number.NEGATIVE_INFINITY) ||
      a.rank - b.rank ||
      b.valuePerEur - a.valuePerEur ||
      compareIds(a.id, b.id),
  );
  const scheduled: Schedule['works'] = [];
  const unscheduled: string[] = [];
  const pay = (y: number, id: string, amountEur: number, payments: Array<{ year: number; amountEur: number }>) => {
    room[y] -= amountEur;
    years[y].costEur += amountEur;
    years[y].works.push({ id, amountEur });
    payments.push({ year: y + 1, amountEur });
  };
  for (const work of ordered) {
    const payments: Array<{ year: number; amountEur: number }> = [];
    const whole = room.findIndex((r) => r >= work.costEur);
    if (whole >= 0) {
      pay(whole, work.id, work.costEur, payments);
    } else if (room.reduce((t, r) => t + r, 0) >= work.costEur) {
      let left = work.costEur;
      for (let y = 0; y < room.length && left > 0; y++) {
        const amount = Math.min(room[y], left);
        if (amount <= 0) continue;
        pay(y, work.id, amount, payments);
        left -= amount;
      }
    } else {
      unscheduled.push(work.id);
      continue;
    }
    scheduled.push({ id: work.id, payments });
  }
  return { years, works: scheduled, unscheduled };
}
