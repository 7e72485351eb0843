// Makes an accepted document cheap to train on the tfjs CPU backend, as the template tests do: the
// template's CPU recipe (narrower layers) with batch 2, else batch 2 alone, else the document as it
// is, whichever first still checks without errors. The recipe names the template's nodes; a mutant
// may have renamed them, so each setting goes to the node at the same place (model and index in its
// list) when that node still has the template's type.
import { analyze } from '../../src/compiler/analyze';
import { applyOverrides, type ParamSetting } from '../../src/graph/overrides';
import type { Graph, GraphDoc } from '../../src/graph/types';
import { TEMPLATES } from '../../templates';
import { CPU_RECIPES, narrowedDdpm } from '../templates/cpu-recipes';

const clean = (d: GraphDoc) => !analyze(d).diagnostics.some((x) => x.severity === 'error');

/** The recipe's settings, each moved to the node in `doc` at its node's place in `template`. */
function followPlaces(set: readonly ParamSetting[], template: GraphDoc, doc: GraphDoc): ParamSetting[] {
  const models = Object.keys(template.models);
  const mutantModels = Object.keys(doc.models);
  const out: ParamSetting[] = [];
  for (const s of set) {
    const slash = s.node.indexOf('/');
    const model = slash > 0 ? s.node.slice(0, slash) : undefined;
    const id = slash > 0 ? s.node.slice(slash + 1) : s.node;
    const from: Graph | undefined = model === undefined ? template.main : template.models[model];
    const to: Graph | undefined = model === undefined ? doc.main : doc.models[mutantModels[models.indexOf(model)] ?? ''];
    const at = from?.nodes.findIndex((n) => n.id === id) ?? -1;
    const node = to?.nodes[at];
    if (at < 0 || !node || node.type !== from!.nodes[at]!.type) continue;
    const modelId = model === undefined ? undefined : mutantModels[models.indexOf(model)]!;
    out.push({ ...s, node: modelId === undefined ? node.id : `${modelId}/${node.id}` });
  }
  return out;
}

function recipeOf(template: string): { template: GraphDoc; set: ParamSetting[] } {
  const t = TEMPLATES.find((x) => x.id === template)!.doc;
  return { template: t, set: template === 'ddpm-unet' ? narrowedDdpm(t) : (CPU_RECIPES[template]?.set ?? []) };
}

export function narrowForCpu(template: string, doc: GraphDoc): { doc: GraphDoc; how: 'recipe' | 'batch' | 'as is' } {
  const recipe = recipeOf(template);
  const narrowed = applyOverrides(doc, { set: followPlaces(recipe.set, recipe.template, doc), batchSize: 2 }).doc;
  if (clean(narrowed)) return { doc: narrowed, how: 'recipe' };
  const small = applyOverrides(doc, { batchSize: 2 }).doc;
  if (clean(small)) return { doc: small, how: 'batch' };
  return { doc, how: 'as is' };
}
