// The models of a training session as tfjs model files, with their port names.
import { issue } from '../messages';
import { TensorloomError } from '../runtime/errors';
import type { Session } from '../runtime/session';
import { exportLayersModel, portNamesOf } from './export-model';
import type { LayersModelFiles } from './files';

export async function exportSessionModel(s: Session, modelId: string): Promise<LayersModelFiles> {
  const model = Object.hasOwn(s.models, modelId) ? s.models[modelId] : undefined;
  const graph = Object.hasOwn(s.doc.models, modelId) ? s.doc.models[modelId] : undefined;
  if (!model || !graph) throw new TensorloomError(issue('export.unknownModel', { model: modelId, models: Object.keys(s.models).join(', ') }));
  return exportLayersModel(s.tf, model, portNamesOf(graph));
}
