// The templates shipped with the app, in gallery order. Each goes through the document loader
// (schema, migrations) when this module loads, and is fully compiled by the template tests.
import { loadDocumentJson } from '../src/graph/load';
import type { GraphDoc } from '../src/graph/types';
import gan2d from './gan-2d.json';
import vaeMlp from './vae-mlp.json';
import lenet from './lenet.json';
import wganGp2d from './wgan-gp-2d.json';
import dcgan from './dcgan.json';
import cdcgan from './cdcgan.json';
import vae from './vae.json';
import vaeGan from './vae-gan.json';
import ddpmUnet from './ddpm-unet.json';

export interface Template {
  id: string;
  name: string;
  description: string;
  doc: GraphDoc;
}

function template(id: string, json: unknown): Template {
  const r = loadDocumentJson(json);
  if (!r.ok) throw new Error(`template ${id} does not load: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  const doc = r.doc;
  return { id, name: doc.meta.name, description: doc.meta.description, doc };
}

export const TEMPLATES: readonly Template[] = [
  template('gan-2d', gan2d),
  template('vae-mlp', vaeMlp),
  template('lenet', lenet),
  template('wgan-gp-2d', wganGp2d),
  template('dcgan', dcgan),
  template('cdcgan', cdcgan),
  template('vae', vae),
  template('vae-gan', vaeGan),
  template('ddpm-unet', ddpmUnet),
];
