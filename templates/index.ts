// The templates shipped with the app, in gallery order. Each is a graph document checked by the
// schema when this module loads (and fully compiled by the template tests).
import { graphDocSchema } from '../src/graph/schema';
import type { GraphDoc } from '../src/graph/types';
import gan2d from './gan-2d.json';
import vaeMlp from './vae-mlp.json';

export interface Template {
  id: string;
  name: string;
  description: string;
  doc: GraphDoc;
}

function template(id: string, json: unknown): Template {
  const doc = graphDocSchema.parse(json) as GraphDoc;
  return { id, name: doc.meta.name, description: doc.meta.description, doc };
}

export const TEMPLATES: readonly Template[] = [template('gan-2d', gan2d), template('vae-mlp', vaeMlp)];
