import { z } from 'zod';
import { AvailabilityRequest } from '../../src/requests/availability.js';
import { fromQuery, QueryBoolean } from './common.js';
import { named } from './registry.js';

const shape = AvailabilityRequest.shape;

/** `GET …/availability`: the request's options as query parameters, with the request's own bounds (the failure model is the topology's). */
export const AvailabilityQuery = z.object({
  states: shape.states.optional().describe(shape.states.description ?? ''),
  top: fromQuery(shape.top.optional()).describe(shape.top.description ?? ''),
  works: QueryBoolean.describe(shape.works.description ?? ''),
  lifetimeYears: fromQuery(shape.lifetimeYears.optional()).describe(shape.lifetimeYears.description ?? ''),
  nro: z.preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), shape.nros.optional()).describe('list only this NRO, repeatable'),
});

/** `POST …/availability`: the same options, and a failure model overriding the topology's field by field. */
export const AvailabilityBody = AvailabilityRequest.omit({ network: true });

const Figures = z.object({ single: z.number(), lower: z.number(), upper: z.number() });
const Element = z.object({ kind: z.enum(['section', 'site', 'riskGroup']), id: z.string() });

/** The `availability --json` document (docs/availability.md). */
export const AvailabilityAnswer = named('Availability', z.looseObject({
  model: z.looseObject({}).describe('the failure model used, every default filled in'),
  states: z.enum(['nro', 'network']),
  headends: z.array(z.string()),
  network: z.looseObject({ nros: z.number(), subscribers: z.number(), subscriberHoursPerYear: Figures }),
  nros: z.array(z.looseObject({
    nro: z.string(),
    name: z.string().optional(),
    subscribers: z.number(),
    status: z.string(),
    unavailabilityMinPerYear: Figures.describe('expected minutes a year cut off: single failures exactly, and bounds with double failures'),
    subscriberHoursPerYear: Figures,
    singleFailures: z.array(Element.extend({ minPerYear: z.number() })),
    doubleFailures: z.looseObject({
      sectionPairs: z.number(),
      riskGroupPairs: z.number().nullable(),
      top: z.array(z.object({ a: Element, b: Element, minPerYear: z.number() })),
    }),
  })).describe('by unavailability (lower bound) descending, then id'),
  works: z.array(z.looseObject({
    kind: z.enum(['redundancyLink', 'headend', 'desaturationWork']),
    id: z.string(),
    costEur: z.number().nullable(),
    subscriberHoursAvoidedPerYear: z.object({ expected: z.number(), lower: z.number(), upper: z.number() }),
    eurPerSubscriberHour: z.number().nullable(),
  })).describe('by € per subscriber-hour avoided, least first'),
}));
