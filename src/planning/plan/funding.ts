import { InvalidOptionError } from '../../model/errors.js';

/** A funding source and its share of every euro spent. */
export interface FundingShare {
  source: string;
  share: number;
}

/** The A.2 action of the seed (France Relance application, 2020): 3 300 000 + 1 500 000 + 1 800 000 of 6 600 000 €. */
export const A2_FUNDING: readonly FundingShare[] = [
  { source: 'France Relance', share: 3_300_000 / 6_600_000 },
  { source: 'Région', share: 1_500_000 / 6_600_000 },
  { source: 'Autofinancement', share: 1_800_000 / 6_600_000 },
];

/**
 * Reads `"France Relance=0.5,Région=0.227,Autofinancement=0.273"`: shares summing to 1 (within
 * 0.001), or, when any value exceeds 1, amounts in euros turned into shares of their sum
 * (`"France Relance=3300000,Région=1500000,Autofinancement=1800000"`). Spaces and a decimal
 * comma inside a value are accepted only when unambiguous (`0,5` needs quoting).
 *
 * @example
 * parseFunding('FR=0.5,Région=0.5'); // [{ source: 'FR', share: 0.5 }, { source: 'Région', share: 0.5 }]
 */
export function parseFunding(text: string): FundingShare[] {
  const parts = text.split(/[,;](?!\d)/).map((p) => p.trim()).filter((p) => p.length > 0);
  if (parts.length === 0) throw new InvalidOptionError('funding', 'funding: no source given');
  const entries = parts.map((part) => {
    const at = part.lastIndexOf('=');
    if (at <= 0) throw new InvalidOptionError('funding', `funding: expected SOURCE=SHARE, got "${part}"`);
    const source = part.slice(0, at).trim();
    const raw = part.slice(at + 1).trim().replace(/[\s\u00a0\u202f_]/g, '').replace(',', '.');
    const amount = Number(raw);
    if (raw === '' || !Number.isFinite(amount) || amount < 0) throw new InvalidOptionError('funding', `funding: "${source}" has no valid share ("${part}")`);
    return { source, amount };
  });
  const names = new Set(entries.map((e) => e.source));
  if (names.size !== entries.length) throw new InvalidOptionError('funding', 'funding: a source is named twice');
  const total = entries.reduce((t, e) => t + e.amount, 0);
  if (!(total > 0)) throw new InvalidOptionError('funding', 'funding: the shares sum to 0');
  if (entries.every((e) => e.amount <= 1) && Math.abs(total - 1) > 0.001) {
    throw new InvalidOptionError('funding', `funding: shares sum to ${Math.round(total * 1e6) / 1e6}, expected 1 (or give amounts in euros)`);
  }
  return entries.map((e) => ({ source: e.source, share: e.amount / total }));
}

/**
 * Splits an amount across sources by share, each rounded to the euro, the remainder on the
 * last source so that the parts add up exactly to the amount.
 *
 * @example
 * splitFunding(1_000_001, A2_FUNDING);
 * // [{ source: 'France Relance', amountEur: 500001 }, { source: 'Région', amountEur: 227273 }, { source: 'Autofinancement', amountEur: 272727 }]
 */
export function splitFunding(amountEur: number, shares: readonly FundingShare[]): Array<{ source: string; amountEur: number }> {
  if (shares.length === 0) throw new InvalidOptionError('funding', 'funding: no source given');
  const round = (f: (x: number) => number) => {
    const parts = shares.slice(0, -1).map((s) => ({ source: s.source, amountEur: f(amountEur * s.share) }));
    const rest = amountEur - parts.reduce((t, p) => t + p.amountEur, 0);
    return [...parts, { source: shares[shares.length - 1].source, amountEur: rest }];
  };
  const rounded = round(Math.round);
  return rounded[rounded.length - 1].amountEur >= 0 ? rounded : round(Math.floor);
}
