// Trained models as tfjs model files, both ways.
//   export: exportLayersModel (any tf.LayersModel), exportSessionModel (a model of a session)
//   import: importLayersModel (model.json [+ weights] → a model subgraph), importModelFiles (picked files)
//   weights: applyModelWeights (into a compiled model), buildImportedModel (compile one model alone)
//   kept weights: weights-store (IndexedDB), weights-codec (bytes), weights-fit (fit check, which model gets which)
export { applyModelWeights } from './apply-weights';
export { buildImportedModel, docOfModel } from './build-imported';
export { exportLayersModel, portNamesOf } from './export-model';
export { exportSessionModel } from './export-session';
export { MODEL_JSON, WEIGHTS_BIN, type LayersModelFiles, type PortNames, type WeightFiles } from './files';
export { freeModelId, importModelFiles, type PickedFile } from './import-files';
export { importLayersModel, type ImportedModel, type ImportOptions, type ImportResult } from './import-model';
export type { ModelWeights, NodeWeight } from './model-weights';
export { decodeModelWeights, encodeModelWeights } from './weights-codec';
export { pickInitialWeights, weightsFit, type KeptWeights, type WantedWeights } from './weights-fit';
export { idbWeights, storedWeights, type StoredWeights, type WeightsStore } from './weights-store';
