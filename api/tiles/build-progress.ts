/** Phases of a tile index build, in order (docs/tiles.md). */
export const BUILD_PHASES = ['reading', 'analysis', 'saturation', 'tiling'] as const;
export type BuildPhase = (typeof BUILD_PHASES)[number];

/** The channel a tile worker tells the main thread which phase each build is in (a worker busy building answers no question). */
const CHANNEL = 'fibre-resilience:tile-build';

export interface PhaseMessage { build: string; phase: BuildPhase }

let sender: BroadcastChannel | undefined;

/** In the tile worker: build `build` enters `phase`. Posted at once, whatever the worker computes next. */
export function reportPhase(build: string, phase: BuildPhase): void {
  sender ??= new BroadcastChannel(CHANNEL);
  (sender as BroadcastChannel & { unref?: () => void }).unref?.();
  sender.postMessage({ build, phase } satisfies PhaseMessage);
}

/** On the main thread: calls `onPhase` for every phase any tile worker reports; returns the function that stops listening. */
export function listenToPhases(onPhase: (message: PhaseMessage) => void): () => void {
  const receiver = new BroadcastChannel(CHANNEL);
  (receiver as BroadcastChannel & { unref?: () => void }).unref?.();
  receiver.onmessage = (event) => onPhase((event as MessageEvent<PhaseMessage>).data);
  return () => receiver.close();
}
