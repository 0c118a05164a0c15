import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JobPool } from '../api/jobs/job-pool.js';
import type { Topology } from '../src/model/schema.js';
import { SOMME_FILE } from './support/api.js';
import { bruteForceReport } from './support/brute-force.js';

const somme = JSON.parse(readFileSync(SOMME_FILE, 'utf8')) as Topology;
// A second version: one more head-end, so the answer differs.
const folder = mkdtempSync(join(tmpdir(), 'fibre-kept-'));
const changed = { ...somme, sites: somme.sites.map((s) => (s.kind === 'pop' && s.id === somme.sites.find((p) => p.kind === 'pop')?.id ? { ...s, kind: 'headend' as const } : s)) };
writeFileSync(join(folder, 'v2.json'), JSON.stringify(changed));
const v1 = { id: 'somme', etag: '"1-aaaa"', file: SOMME_FILE };
const v2 = { id: 'somme', etag: '"2-bbbb"', file: join(folder, 'v2.json') };
const page = { request: { limit: 1, summary: true } };
const summaryOf = (answer: { body?: Uint8Array }) => JSON.parse(Buffer.from(answer.body!).toString('utf8')).summary;

describe('answers the main thread keeps (KEPT_ANSWERS: the panels’ summaries and pages)', () => {
  const pool = new JobPool({ workers: 1, maxQueue: 8, deadlineMs: 60_000, cacheBytes: 64 * 2 ** 20 });
  const none = new JobPool({ workers: 1, maxQueue: 8, deadlineMs: 60_000, cacheBytes: 64 * 2 ** 20, answerBytes: 0 });
  afterAll(async () => Promise.all([pool.close(), none.close()]));

  it('answers a page asked again from what it kept, by version and payload', async () => {
    const first = await pool.run('analysis-page', v1, page);
    // the summary is the analysis of the file, counted by definition
    const truth = bruteForceReport(somme);
    expect(summaryOf(first).nros['single-homed']).toBe(truth.nros.filter((n) => n.status === 'single-homed').length);
    expect(pool.keptAnswers).toBe(1);
    expect(await pool.run('analysis-page', v1, page)).toBe(first);
    // another payload, another version: computed, and kept beside
    const other = await pool.run('analysis-page', v1, { request: { limit: 2, summary: true } });
    expect(other).not.toBe(first);
    const second = await pool.run('analysis-page', v2, page);
    expect(second).not.toBe(first);
    expect(summaryOf(second)).not.toEqual(summaryOf(first));
    expect(summaryOf(second).nros['single-homed']).toBe(bruteForceReport(changed).nros.filter((n) => n.status === 'single-homed').length);
    expect(pool.keptAnswers).toBe(3);
  });

  it('keeps nothing when told so, nor answers outside KEPT_ANSWERS', async () => {
    const a = await none.run('analysis-page', v1, page);
    expect(await none.run('analysis-page', v1, page)).not.toBe(a);
    expect(none.keptAnswers).toBe(0);
    const kept = pool.keptAnswers;
    await pool.run('analysis', v1, { request: { network: { headends: [], includePlanned: false, withLinks: [] } }, format: 'json' } as never);
    expect(pool.keptAnswers).toBe(kept);
  });
});
