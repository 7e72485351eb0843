// Emit functions of the previews: the tensor each one shows.
import imageGrid from '../../../nodes/previews/image-grid';
import scatter from '../../../nodes/previews/scatter';
import { firstPoints, imageGrid as imageGridSnippet } from '../snippets/previews';
import { lit } from '../names';
import { opEmitter } from './types';

export const previewEmitters = [
  opEmitter(imageGrid, (p, ctx) => `${ctx.use(imageGridSnippet)}(${ctx.input('images')}, ${p.count}, ${lit(p.range)})`),
  opEmitter(scatter, (p, ctx) => `${ctx.use(firstPoints)}(${ctx.input('points')}, ${p.count})`),
];
