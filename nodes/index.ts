// The registry: every node type, as an explicit list (one file per node, one list per category).
import { dataNodes } from './data';
import { layerNodes } from './layers';
import { lossesNodes } from './losses';
import { metricsNodes } from './metrics';
import { modelNodes } from './models';
import { optimizersNodes } from './optimizers';
import { previewsNodes } from './previews';
import { samplersNodes } from './samplers';
import { tensorsNodes } from './tensors';
import type { NodeSpec } from './spec';

export const NODE_SPECS: readonly NodeSpec[] = [
  ...dataNodes,
  ...modelNodes,
  ...layerNodes,
  ...samplersNodes,
  ...tensorsNodes,
  ...lossesNodes,
  ...metricsNodes,
  ...optimizersNodes,
  ...previewsNodes,
];

const byType = new Map(NODE_SPECS.map((s) => [s.type, s]));

export function getSpec(type: string): NodeSpec | undefined {
  return byType.get(type);
}

export function allTypes(): string[] {
  return [...byType.keys()];
}
