import type { NodeSpec } from '../spec';
import fashionMnist from './fashion-mnist';
import images from './image-folder';
import mnist from './mnist';
import toy2d from './toy2d';

export const dataNodes: readonly NodeSpec[] = [mnist, fashionMnist, images, toy2d];
