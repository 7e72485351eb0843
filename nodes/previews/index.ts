import type { NodeSpec } from '../spec';
import imageGrid from './image-grid';
import scatter from './scatter';

export const previewsNodes: readonly NodeSpec[] = [imageGrid, scatter];
