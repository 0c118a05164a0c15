import madge from 'madge';
import { beforeAll, describe, expect, it } from 'vitest';

/** The import graph of the project's code, read from its sources by madge. */
let graph: Record<string, string[]>;
let circular: string[][];
/** The same, without the imports of types only: what runs. */
let runtime: Record<string, string[]>;

beforeAll(async () => {
  const options = { fileExtensions: ['ts', 'js'], tsConfig: 'tsconfig.json' };
  const result = await madge(['src', 'api', 'bench'], options);
  graph = result.obj();
  circular = result.circular();
  runtime = (await madge(['src', 'api', 'bench'], { ...options, detectiveOptions: { ts: { skipTypeImports: true } } })).obj();
});

describe('architecture', () => {
  it('reads the whole code base (the graph is not empty by accident)', () => {
    expect(Object.keys(graph).length).toBeGreaterThan(100);
    expect(graph['src/cli/main.ts']).toContain('src/cli/commands/plan.ts');
  });

  it('has no circular import', () => {
    expect(circular).toEqual([]);
  });

  it('keeps the engine free of the API: nothing under src/ imports api/', () => {
    const offending = Object.entries(graph).filter(([file, deps]) => file.startsWith('src/') && deps.some((d) => d.startsWith('api/')));
    expect(offending).toEqual([]);
  });

  it('has route modules that import no other route module', () => {
    const offending = Object.entries(graph)
      .filter(([file]) => file.startsWith('api/routes/'))
      .flatMap(([file, deps]) => deps.filter((d) => d.startsWith('api/routes/')).map((d) => `${file} → ${d}`));
    expect(offending).toEqual([]);
  });

  it('answers each question in one place: the CLI commands and the API workers call src/requests, not the engine modules that assemble answers', () => {
    const assemblers = ['src/analysis/cut-impact.ts', 'src/analysis/polygon-cut.ts', 'src/saturation/reroute-after-cut.ts', 'src/saturation/saturation-report.ts',
      'src/planning/plan/plan.ts', 'src/planning/link-ranking.ts', 'src/planning/candidate-links.ts'];
    const callers = Object.entries(runtime)
      .filter(([file]) => file.startsWith('src/cli/') || file.startsWith('api/routes/') || file.startsWith('api/jobs/'))
      .flatMap(([file, deps]) => deps.filter((d) => assemblers.includes(d)).map((d) => `${file} → ${d}`));
    expect(callers).toEqual([]);
  });
});
