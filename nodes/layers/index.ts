import type { NodeSpec } from '../spec';
import dense from './dense';

export const layerNodes: readonly NodeSpec[] = [dense];
