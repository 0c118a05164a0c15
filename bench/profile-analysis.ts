import { resilienceAnalysis } from '../src/analysis/resilience-analysis.js';
import { compileNetwork } from '../src/graph/compile.js';
import { fibreNetwork } from './generate.js';

/** Profiling aid: `node --cpu-prof dist/bench/profile-analysis.js` analyses a 1e6 network 5 times. */
const net = compileNetwork(fibreNetwork({ sections: Number(process.env.SIZE ?? 1e6), seed: 42 }));
for (let i = 0; i < 5; i++) {
  const start = performance.now();
  resilienceAnalysis(net);
  console.log(JSON.stringify({ run: i, analyseMs: Math.round(performance.now() - start) }));
}
