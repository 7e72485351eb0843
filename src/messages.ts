// Every message a person can see, in one coded list. A message says what is wrong and what to
// do. Node-level messages are prefixed by the compiler with the node's title and name, e.g.
// `Conv2D "c2": expects a rank-4 input ...`, so texts here start in lower case after that prefix.

export type Severity = 'error' | 'warning' | 'info';

type Entry<A> = { severity: Severity; text: (a: A) => string };
const error = <A>(text: (a: A) => string): Entry<A> => ({ severity: 'error', text });
const warning = <A>(text: (a: A) => string): Entry<A> => ({ severity: 'warning', text });
const info = <A>(text: (a: A) => string): Entry<A> => ({ severity: 'info', text });

/** Formats a shape for messages: [batch, 28, 28, 1]. */
export function showShape(shape: readonly (number | null)[] | undefined): string {
  if (!shape) return 'an unknown shape';
  return `[${shape.map((d) => (d === null ? 'batch' : String(d))).join(', ')}]`;
}

export const MESSAGES = {
  // ── the document file ────────────────────────────────────────────────────────────────
  'doc.json': error((a: { detail: string }) =>
    `The file is not valid JSON (${a.detail}). Check that it is a Tensorloom graph file and that it is complete.`),
  'doc.format': error((a: { got: string }) =>
    `This is not a Tensorloom graph: "format" is ${a.got}, expected "tensorloom-graph". Open a file saved by Tensorloom or start from a template.`),
  'doc.newer': error((a: { got: number; max: number }) =>
    `The file was saved by a newer Tensorloom (document version ${a.got}; this one reads up to ${a.max}). Update Tensorloom to open it.`),
  'doc.schema': error((a: { path: string; detail: string }) => `${a.path}: ${a.detail}.`),
  'doc.duplicateNodeId': error((a: { id: string; graph: string }) =>
    `Two nodes in ${a.graph} share the id "${a.id}". Ids must be unique within a graph: rename one of them.`),
  'doc.duplicateEdgeId': error((a: { id: string; graph: string }) =>
    `Two edges in ${a.graph} share the id "${a.id}". Ids must be unique within a graph: rename one of them.`),
  'doc.unknownType': error((a: { type: string; suggestion: string }) =>
    `unknown node type "${a.type}".${a.suggestion ? ` Did you mean "${a.suggestion}"?` : ''} Replace the node with one from the palette.`),
  'doc.edgeMissingNode': error((a: { edge: string; node: string; graph: string }) =>
    `Edge "${a.edge}" in ${a.graph} connects node "${a.node}", which does not exist. Delete the edge or restore the node.`),
  'doc.edgeMissingPort': error((a: { edge: string; port: string; side: 'input' | 'output'; ports: string }) =>
    `edge "${a.edge}" uses ${a.side} port "${a.port}", which this node does not have (its ${a.side}s: ${a.ports || 'none'}). Reconnect the edge.`),
  'doc.paramType': error((a: { param: string; expected: string; got: string }) =>
    `param "${a.param}" must be ${a.expected}, but the file has ${a.got}. Fix the value in the inspector.`),
  'doc.paramUnknown': warning((a: { param: string; known: string }) =>
    `has a param "${a.param}" that this node type does not use (it knows: ${a.known}); it is ignored.`),
  'doc.unknownKey': warning((a: { path: string }) =>
    `${a.path} is not part of a Tensorloom graph; it is ignored and will be left out when the graph is saved.`),
  'doc.reservedKey': error((a: { path: string }) =>
    `${a.path}: "__proto__" cannot be a name in a graph file: JavaScript reserves it, so the entry would be lost without a trace. Rename it (or remove it) and open the file again.`),
  'doc.migrateFailed': error((a: { from: number; to: number; detail: string }) =>
    `The file could not be upgraded from document version ${a.from} to ${a.to} (${a.detail}). Open it with the Tensorloom that saved it, or report the problem with the file attached.`),
  'doc.nodeMigrateFailed': error((a: { from: number; to: number; detail: string }) =>
    `could not be upgraded from node version ${a.from} to ${a.to} (${a.detail}); its params are kept as saved. Check them in the inspector.`),
  'doc.nodeNewer': warning((a: { got: number; max: number }) =>
    `was saved by a newer Tensorloom (node version ${a.got}; this one knows up to ${a.max}), so its params may be read wrongly. Update Tensorloom to edit it safely.`),

  // ── the graph's structure ────────────────────────────────────────────────────────────
  'graph.cycle': error((a: { cycle: string }) =>
    `is part of a cycle (${a.cycle}). Data must flow one way: remove one of these connections.`),
  'graph.inputMissing': error((a: { port: string; kind: string }) =>
    `input "${a.port}" is not connected. Connect a ${a.kind} to it.`),
  'graph.inputDoubled': error((a: { port: string; count: number }) =>
    `input "${a.port}" has ${a.count} connections, but an input takes exactly one. Remove the extra connections.`),
  'graph.kindMismatch': error((a: { port: string; expected: string; got: string; source: string }) =>
    `input "${a.port}" expects a ${a.expected}, but ${a.source} gives a ${a.got}.`),
  'graph.dtypeWantsIds': error((a: { port: string; source: string }) =>
    `input "${a.port}" expects int32 class ids, but ${a.source} gives float32 values. Class ids come from a data node's "label" port (Labels: class ids), a Categorical sampler or a Constant of labels.`),
  'graph.dtypeWantsValues': error((a: { port: string; source: string }) =>
    `input "${a.port}" expects float32 values, but ${a.source} gives int32 class ids. An id is a name, not a quantity: turn ids into vectors with a One-hot node, or with an Embedding layer inside the model.`),
  'graph.layerInMain': error((a: { title: string }) =>
    `${a.title} is a layer, and layers live inside a model. Select it with its neighbours and choose "Create model", then use the model here through a Model node.`),
  'graph.mainNodeInModel': error((a: { title: string; model: string }) =>
    `${a.title} belongs in the training graph, not inside model "${a.model}". Move it to the main graph and feed it the model's output.`),
  'graph.ownBlockInMain': error((_a: Record<string, never>) =>
    `has weights "own", which only a Model node inside a model can have (it copies the model's layers into the model holding it). In the training graph, set weights to "shared".`),
  'graph.modelCycle': error((a: { cycle: string }) =>
    `runs a model that runs this one in turn (${a.cycle}): a model cannot contain itself. Remove one of these Model nodes.`),
  'graph.unknownModel': error((a: { model: string; models: string }) =>
    `refers to model "${a.model}", which does not exist. Pick one of: ${a.models || '(no models yet: create one first)'}.`),
  'graph.modelNoInput': error((a: { model: string }) =>
    `Model "${a.model}" has no Model Input node. Add one and declare the shape of what the model receives.`),
  'graph.modelNoOutput': error((a: { model: string }) =>
    `Model "${a.model}" has no Model Output node. Add one and connect the model's last layer to it.`),
  'graph.modelPortName': error((a: { model: string; name: string; side: 'input' | 'output' }) =>
    `Model "${a.model}" has two ${a.side}s named "${a.name}". Give each ${a.side} its own name.`),
  'graph.modelOutputShared': error((a: { model: string; first: string; second: string; source: string }) =>
    `Model "${a.model}": outputs "${a.first}" and "${a.second}" both return what ${a.source} gives, but tfjs returns each tensor of a model once, so one of them would be missing. Feed each Model Output its own tensor; if both are meant to be the same, keep one output and use it twice in the training graph.`),
  'graph.modelUnused': warning((a: { model: string }) =>
    `Model "${a.model}" is not used by any Model node in the training graph, nor inside a model it uses.`),
  'graph.unused': warning((_a: Record<string, never>) =>
    `is not connected to anything that is trained, previewed or charted, so it never runs.`),
  'graph.noOptimizer': warning((_a: Record<string, never>) =>
    `The training graph has no optimizer, so nothing will be trained. Add an optimizer and connect a loss to it.`),
  'graph.optimizerNoModel': error((_a: Record<string, never>) =>
    `updates no model. Choose in its "models" param the models whose weights it should train.`),
  'graph.optimizerModelNotUpstream': error((a: { model: string }) =>
    `updates model "${a.model}", but its loss does not depend on that model, so those weights would get no gradient. Remove the model from "models" or connect its output to the loss.`),
  // checks that teach what training does (src/compiler/training-checks.ts):
  'graph.modelNotTrained': warning((a: { model: string }) =>
    `Model "${a.model}" is used in the training graph, but no optimizer updates it. To train it, add it to an optimizer's "models" param. If it is meant to stay fixed, it keeps the weights it starts with: fresh random ones, unless weights were imported for it.`),
  'graph.optimizerLossIgnoresModels': error((a: { models: string; count: number; upstream: string }) =>
    `updates ${a.count === 1 ? 'model' : 'models'} ${a.models}, but its loss ${a.count === 1 ? 'does not depend on it' : 'depends on none of them'}, so no weight gets a gradient and this optimizer trains nothing. Its loss is computed from ${a.upstream ? `${a.upstream}: choose in "models" the ones to train, or` : 'no model at all:'} connect the loss to the output of a Model node of ${a.count === 1 ? 'that model' : 'one of them'}.`),
  'graph.modelManyOptimizers': info((a: { model: string; count: number; optimizers: string }) =>
    `Model "${a.model}" is updated by ${a.count} optimizers: ${a.optimizers}. Is this intended? Each optimizer moves the model's weights towards lowering its own loss, so they pull the weights in their own directions; in a GAN the discriminator's optimizer usually must not update the generator. Remove the model from the "models" of each optimizer that should leave it alone.`),
  'graph.lossUnused': warning((_a: Record<string, never>) =>
    `feeds no optimizer and no metric, so it is never computed. Connect it to an optimizer to train on it, or to a Metric to chart it.`),
  'graph.penaltyNoFloatInput': error((a: { model: string }) =>
    `model "${a.model}" has no float32 input, so there is no gradient to penalise. A gradient penalty needs a critic that takes images or points.`),
  'graph.penaltyInputName': error((a: { model: string; name: string }) =>
    `model "${a.model}" has an input named "${a.name}": a gradient penalty needs input names that are not plain numbers. Rename the Model Input, e.g. to "x${a.name}".`),
  'graph.penaltySecondOrder': error((a: { model: string; layer: string; why: string }) =>
    `penalises the gradient of model "${a.model}", but its layer "${a.layer}" cannot be differentiated twice: ${a.why}.`),
  'graph.lossNotScalar': error((a: { port: string; shape: string }) =>
    `input "${a.port}" expects a scalar loss but gets ${a.shape}. Feed it from a loss node, which reduces over the batch.`),

  // ── shapes ───────────────────────────────────────────────────────────────────────────
  'shape.rank': error((a: { port: string; expected: string; got: string; hint: string }) =>
    `input "${a.port}" expects a ${a.expected} tensor but gets ${a.got}.${a.hint ? ` ${a.hint}` : ''}`),
  'shape.labels': error((a: { expected: string; got: string; hint: string }) =>
    `input "labels" should be ${a.expected} to go with the logits, but gets ${a.got}. ${a.hint}`),
  'shape.same': error((a: { a: string; b: string; shapeA: string; shapeB: string; hint: string }) =>
    `inputs "${a.a}" ${a.shapeA} and "${a.b}" ${a.shapeB} must have the same shape.${a.hint ? ` ${a.hint}` : ''}`),
  'shape.dim': error((a: { port: string; what: string; expected: string; got: string; hint: string }) =>
    `input "${a.port}" needs ${a.what} = ${a.expected}, but gets ${a.got}.${a.hint ? ` ${a.hint}` : ''}`),
  'shape.divisible': error((a: { what: string; value: number; divisor: number; hint: string }) =>
    `${a.what} (${a.value}) must be divisible by ${a.divisor}.${a.hint ? ` ${a.hint}` : ''}`),
  'shape.reshape': error((a: { got: string; gotSize: number; target: string; targetSize: number }) =>
    `cannot reshape ${a.got} (${a.gotSize} values per sample) to ${a.target} (${a.targetSize} values per sample). The sizes must match: change the target shape.`),
  'shape.tooSmall': error((a: { port: string; got: string; what: string }) =>
    `input "${a.port}" ${a.got} is too small for ${a.what}: the output would be empty. Use a smaller kernel or stride, or "same" padding.`),
  'shape.modelInput': error((a: { port: string; model: string; expected: string; got: string }) =>
    `input "${a.port}" of model "${a.model}" is declared as ${a.expected}, but gets ${a.got}. Change the Model Input's shape or what feeds it.`),
  'shape.batch': error((a: { a: string; b: string; batchA: number; batchB: number }) =>
    `inputs "${a.a}" and "${a.b}" have different batch sizes (${a.batchA} and ${a.batchB}). Give the nodes that feed them the same batch size (a Constant's is its number of values).`),
  'shape.unknownInput': info((_a: Record<string, never>) =>
    `its output shape is unknown until its inputs are fixed.`),

  // ── sizes a backend can hold (src/compiler/memory.ts) ────────────────────────────────
  'size.tensor': error((a: { port: string; shape: string; values: string }) =>
    `output "${a.port}" would be ${a.shape}, ${a.values} values in one tensor, but tfjs indexes a tensor with 32-bit integers: no backend holds more than 2,147,483,647 values (8 GiB) in one. Make it smaller: a smaller sample shape or batch, fewer units or filters, or pooling and strides to shrink height and width.`),
  'size.weights': error((a: { weights: string }) =>
    `would have ${a.weights} weights, more than one tensor can hold in tfjs (2,147,483,647 values). A Dense layer has one weight per input feature and unit, a Conv2D kernel height × width × input channels × filters: give it fewer units or filters, or a smaller input (pool or stride before a Flatten).`),
  'size.checkpoint': error((a: { weights: string; size: string }) =>
    `The models have ${a.weights} weights in all. A checkpoint keeps each with up to two optimizer moments, ${a.size}, more than the 4 GiB one buffer holds in Node and in browsers, so training could never save. Use fewer or narrower layers: the model summary lists the weights of each.`),
  'size.memoryTooLarge': error((a: { size: string; weights: string; activations: string }) =>
    `Training this graph would need about ${a.size} (${a.weights} weights with their gradients and optimizer moments, ${a.activations} activations kept for the gradients), more than any backend can hold (the limit here is 64 GiB). Lower the batch size, the widths or the sample shapes.`),
  'size.memory': warning((a: { size: string; weights: string; activations: string }) =>
    `Training this graph needs about ${a.size} (${a.weights} weights with their gradients and optimizer moments, ${a.activations} activations kept for the gradients). WebAssembly addresses at most 4 GiB, so it trains only on WebGPU with that much GPU memory free, or on the CPU backend with that much RAM free. If training runs out of memory, lower the batch size or the widths.`),

  // ── params ───────────────────────────────────────────────────────────────────────────
  'param.range': error((a: { param: string; value: string; range: string }) =>
    `param "${a.param}" = ${a.value} is outside ${a.range}. Choose a value in that range.`),
  'param.invalid': error((a: { param: string; detail: string }) =>
    `param "${a.param}": ${a.detail}`),

  // ── running ──────────────────────────────────────────────────────────────────────────
  'run.nonFinite': error((a: { step: number; update: string; value: string }) =>
    `Training stopped at step ${a.step}: update "${a.update}" gave a non-finite loss (${a.value}). Lower the learning rate, check the loss inputs (log of 0? division by 0?).`),
  'run.keptCheckpoint': info((a: { step: number }) =>
    `The checkpoint of step ${a.step}, the last one whose next loss was finite, is kept: resume from it.`),
  'run.noGoodCheckpoint': warning((_a: Record<string, never>) =>
    `No checkpoint from before it is left (none had been saved, or only one of the iteration that failed, whose weights lead there again), so there is nothing to resume: train again from the start.`),
  'run.nonFiniteState': error((a: { step: number; tensor: string }) =>
    `Training stopped at step ${a.step}: ${a.tensor} is no longer finite, so no checkpoint was made of it; the one saved before it, if any, is kept. Lower the learning rate, then resume.`),
  'run.penaltyBackend': error((a: { backend: string }) =>
    `A gradient penalty cannot run on the ${a.backend} backend yet (its fused activation gradients have no second derivative there). Train this graph on wasm or cpu: choose the backend in the dashboard, or --backend wasm.`),
  'run.invalidGraph': error((a: { count: number; first: string }) =>
    `The graph has ${a.count} error(s) and cannot be trained. First: ${a.first}`),
  'run.backendFallback': info((a: { wanted: string; got: string; reason: string }) =>
    `${a.wanted} is not available (${a.reason}); running on ${a.got}.`),
  'run.noBackend': error((a: { tried: string }) =>
    `No tfjs backend could be started (tried ${a.tried}). Use a browser with WebGPU or WebGL, or run the CLI with --backend wasm or --backend cpu.`),
  'run.wasmOneThread': info((a: { cores: number; isolated: boolean }) =>
    a.isolated
      ? `WebAssembly runs on one thread of ${a.cores}: this browser gives WebAssembly no shared memory.`
      : `WebAssembly runs on one thread of ${a.cores}: the page is not cross-origin isolated (its server must send Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp), so the browser gives it no shared memory.`),
  'run.softwareGpuPassedOver': info((a: { backend: string; device: string; got: string }) =>
    `${a.backend} here runs on ${a.device}, a software adapter that computes on the CPU, slower than WebAssembly on the same cores, so training runs on ${a.got}. Choose ${a.backend} in the "Run on" menu above to use it anyway.`),
  'run.softwareGpuSkipped': info((a: { device: string }) =>
    `The only WebGPU adapter here is ${a.device}, a software one that computes on the CPU, slower than WebAssembly on the same cores; training runs on WebAssembly. Ask for it with --backend webgpu if you want it anyway.`),
  'run.datasetMissing': error((a: { name: string; where: string }) =>
    `Dataset "${a.name}" was not found at ${a.where}. Run "npm run data" to build it from the installed packages.`),
  'run.datasetCorrupt': error((a: { name: string; detail: string }) =>
    `Dataset "${a.name}" is damaged (${a.detail}). Delete it and run "npm run data" again.`),
  'run.checkpointMismatch': error((a: { detail: string }) =>
    `The checkpoint does not fit this graph (${a.detail}). Resume with the graph it was saved from, or start training afresh.`),
  'run.checkpointMissing': error((a: { where: string }) =>
    `No checkpoint found at ${a.where}. Train with --out DIR first; it writes DIR/checkpoint.`),
  'run.checkpointDamaged': error((a: { detail: string }) =>
    `The checkpoint is damaged or was not written by Tensorloom (${a.detail}), so it was not loaded. Resume from another checkpoint, or start training afresh.`),
  'run.setParam': error((a: { spec: string; detail: string }) =>
    `--set ${a.spec}: ${a.detail}. Write it as NODE.PARAM=VALUE, e.g. --set data.batchSize=16.`),
  // training in the browser:
  'run.browserFallback': info((a: { wanted: string; got: string; reason: string }) =>
    `${a.wanted} is not available here (${a.reason}); training runs on ${a.got}, which is slower. For WebGPU, use a recent Chrome or Edge (113 or later) with hardware acceleration turned on, and open the app over HTTPS or from localhost.`),
  'run.softwareGpu': info((a: { device: string }) =>
    `WebGPU runs on ${a.device}, a software adapter that computes on the CPU: training works but is slow. Turn on hardware acceleration in the browser's settings (or update the graphics driver) to train on the GPU.`),
  'run.graphChanged': info((_a: Record<string, never>) =>
    `The graph changed since this training started; the run goes on with the graph as it was. Pause, then press Train to train the graph as it is now (from its own checkpoint if it has one, else afresh).`),
  'run.checkpointOtherGraph': info((a: { step: number; when: string }) =>
    `A checkpoint at iteration ${a.step} (saved ${a.when}) was made from an earlier version of this graph, so Train starts afresh. "Resume anyway" loads its weights into the changed graph; that works only if every weight kept its shape.`),
  'run.checkpointSaveFailed': warning((a: { detail: string }) =>
    `The checkpoint could not be saved in the browser's storage (${a.detail}). Training goes on, but a reload will start afresh. Free some disk space or allow this site to store data.`),
  'run.workerFailed': error((a: { detail: string }) =>
    `The training worker failed (${a.detail}). Reload the page and try again; if it keeps failing, report it with the graph file.`),
  'run.noPreview': error((a: { wanted: string; known: string }) =>
    a.wanted
      ? `The graph has no preview named "${a.wanted}" (its previews: ${a.known || 'none'}). Pass one of those names to --preview or --previews.`
      : `The graph has no preview node, so there is nothing to sample. Add an Image Grid preview.`),
  // the training dashboard: checkpoint files, live tensor views, a lost GPU:
  'run.checkpointFileInvalid': error((a: { file: string; detail: string }) =>
    `"${a.file}" is not a Tensorloom checkpoint file (${a.detail}). Choose a .tlckpt file saved with "Download checkpoint". Nothing was changed.`),
  'run.checkpointFileOtherGraph': error((a: { file: string; step: number; docName: string }) =>
    `"${a.file}" (iteration ${a.step}) was trained from another graph ("${a.docName}"): its nodes, params or wires differ from this one, so its weights would not fit. Nothing was changed. Press "Open its graph" to open the graph it was trained from and resume it, or upload it with that graph open.`),
  'run.checkpointNone': info((_a: Record<string, never>) =>
    `This graph has no checkpoint to download yet. Train it; a checkpoint is saved every few iterations and whenever training pauses or stops.`),
  'run.probeNothing': info((a: { edge: string }) =>
    `Nothing flows on wire "${a.edge}" in the training graph (it is inside a model, or no longer exists). Pick a wire of the training graph while a session runs or is paused.`),
  'run.probeFailed': error((a: { edge: string; detail: string }) =>
    `The values on wire "${a.edge}" could not be computed (${a.detail}).`),
  'run.deviceLost': error((a: { step: number; reason: string; saved: number | null }) =>
    `The GPU was lost at iteration ${a.step} (${a.reason}), so training stopped. ${a.saved === null ? 'No checkpoint of this run was saved yet.' : `The checkpoint at iteration ${a.saved} is kept.`} This happens when the graphics driver resets, the GPU runs out of memory or the computer sleeps. Press "Resume on another backend" to go on from the checkpoint with WebGL or the CPU, or reload the page to try WebGPU again.`),

  // ── the command line (src/cli): mistakes in how it is called ───────────────────────────
  'cli.args': error((a: { detail: string }) =>
    `The command line could not be read (${a.detail}). Check the options against the usage below.`),
  'cli.unknownCommand': error((a: { command: string }) =>
    `There is no command "${a.command}". Use check, train, sample, export or export-model.`),
  'cli.missing': error((a: { command: string; what: string }) =>
    `${a.command} needs ${a.what}.`),
  'cli.wholeNumber': error((a: { option: string; min: number; got: string }) =>
    `--${a.option} must be a whole number of at least ${a.min}, but is ${a.got}.`),
  'cli.backend': error((a: { got: string; known: string }) =>
    `--backend ${a.got} is not a backend. Choose one of: ${a.known}.`),
  'cli.unreadable': error((a: { file: string; detail: string }) =>
    `${a.file} cannot be read (${a.detail}). Check the path.`),
  'cli.notAGraph': error((a: { file: string }) =>
    `${a.file} is not a usable graph; its problems follow.`),
  'cli.exportErrors': error((a: { count: number }) =>
    `The graph has ${a.count} error${a.count === 1 ? '' : 's'} (listed above), so it cannot be exported. Fix ${a.count === 1 ? 'it' : 'them'} first; "tensorloom check" lists them with every node's shapes.`),

  // ── bugs of the product, shown instead of a crash ────────────────────────────────────
  'internal.analyze': error((a: { detail: string }) =>
    `Internal error while checking the graph: ${a.detail}. Please report it with the graph file.`),
  'internal.inferShape': error((a: { detail: string }) =>
    `internal error while working out its output shapes (${a.detail}). Please report it with the graph file.`),

  // ── model files: import and export of tfjs layers models (src/interop) ───────────────
  'import.json': error((a: { file: string; detail: string }) =>
    `${a.file} is not valid JSON (${a.detail}). Choose the model.json that tfjs wrote (model.save or the tensorflowjs converter).`),
  'import.graphModel': error((a: { file: string }) =>
    `${a.file} is a tfjs graph model (a frozen TensorFlow graph of ops), which has no layers to turn into nodes. Only layers models can be imported: in Python, convert with tensorflowjs_converter --input_format=keras (or keras_saved_model), or save from tfjs with model.save.`),
  'import.notModel': error((a: { file: string; detail: string }) =>
    `${a.file} is not a tfjs layers model: ${a.detail}. Choose the model.json that tfjs wrote beside its weights file(s).`),
  'import.topology': error((a: { detail: string }) =>
    `The model's topology cannot be read: ${a.detail}. The file may be damaged or written by an unsupported Keras version; save it again with tfjs or Keras 2.`),
  'import.unsupportedLayer': error((a: { layer: string; className: string; supported: string }) =>
    `Layer "${a.layer}" is a ${a.className}, which has no Tensorloom node. Supported layers: ${a.supported}. Replace the layer in the original model, or rebuild that part by hand after importing the rest.`),
  'import.unsupportedSetting': error((a: { layer: string; className: string; setting: string; detail: string }) =>
    `Layer "${a.layer}" (${a.className}) has ${a.setting}, which its Tensorloom node cannot represent: ${a.detail}.`),
  'import.unsupportedActivation': error((a: { layer: string; activation: string; supported: string }) =>
    `Layer "${a.layer}" uses the activation "${a.activation}", which Tensorloom does not have. Supported activations: ${a.supported}.`),
  'import.sharedLayer': error((a: { layer: string; calls: number }) =>
    `Layer "${a.layer}" is called ${a.calls} times (its weights are shared between calls). A Tensorloom model uses each layer node once: import the shared part as its own model and use it through Model nodes.`),
  'import.inputShape': error((a: { layer: string; shape: string }) =>
    `Input "${a.layer}" has the shape ${a.shape}; a Model Input needs every size except the batch, and 1 to 4 of them. Give the original model a fixed input shape and save it again.`),
  'import.inputTooLarge': error((a: { layer: string; shape: string; values: string; limit: string }) =>
    `Input "${a.layer}" has the shape ${a.shape}: one example alone would hold ${a.values} values, more than the ${a.limit} a tensor can hold. The model.json is damaged or was not meant for this; check the input shape the model was saved with.`),
  'import.shape': error((a: { layer: string; detail: string }) =>
    `Layer "${a.layer}" does not fit its inputs once imported: ${a.detail}`),
  'import.weightsMissing': error((a: { path: string }) =>
    `The weights file "${a.path}" named in the model.json was not given. Choose it together with the model.json (or import without weights files for the topology alone).`),
  'import.weightsShort': error((a: { path: string; expected: number; got: number }) =>
    `The weights in "${a.path}" end early: the model.json describes ${a.expected} bytes, the file(s) hold ${a.got}. The file is cut short or belongs to another model.`),
  'import.weightDtype': error((a: { name: string; dtype: string }) =>
    `Weight "${a.name}" is stored as ${a.dtype}; only float32 weights (plain, float16 or uint8/uint16-quantised) can be imported.`),
  'import.weightNonFinite': error((a: { name: string; bad: number; count: number; first: number }) =>
    `Weight "${a.name}" holds ${a.bad} of its ${a.count} values as NaN or infinity (the first at index ${a.first}). A model cannot train or sample from them: export it again from before its training diverged, or import the model.json alone for the topology without weights.`),
  'import.weightOrphan': error((a: { name: string }) =>
    `Weight "${a.name}" belongs to no layer of the model. The weights file(s) do not match this model.json.`),
  'import.weightMismatch': error((a: { model: string; detail: string }) =>
    `The weights do not fit model "${a.model}" (${a.detail}). Import the model again from the same model.json and weights file(s).`),
  'import.ignoredSettings': warning((a: { layer: string; className: string; settings: string }) =>
    `Layer "${a.layer}" (${a.className}): ${a.settings} not kept. Tensorloom trains every layer of a model its optimizer names, without regularisers or constraints; add a loss term if the model relied on them.`),
  'import.noModelJson': error((a: { files: string }) =>
    `None of the chosen files (${a.files}) is a model.json. Choose the model.json together with its weights file(s), e.g. weights.bin.`),
  'import.imported': info((a: { model: string; nodes: number; weights: string }) =>
    `Model "${a.model}" was imported with ${a.nodes} nodes (${a.weights}). Use it in the training graph through a Model node.`),
  'trained.unreadable': error((a: { file: string; detail: string }) =>
    `The trained weights in ${a.file} cannot be used: ${a.detail}. Use the file that comes with this version of the app (assets/trained/), or train the template yourself.`),
  'paste.layersInMain': warning((a: { count: number; kinds: string }) =>
    `${a.count} of the copied nodes (${a.kinds}) were left out: layers live inside models, not in the training graph. Open a model in the Graphs panel (or add one with + Model) and paste them there; a Model node then uses it here.`),
  'paste.trainingInModel': warning((a: { count: number; kinds: string }) =>
    `${a.count} of the copied nodes (${a.kinds}) were left out: data, samplers, losses, optimizers and previews belong to the training graph, not inside a model. Open the training graph and paste them there.`),
  'import.notOpened': warning((a: { model: string; nodes: number; seconds: number }) =>
    `Model "${a.model}" has ${a.nodes} nodes, so it was not opened: drawing a graph this large takes the page about ${a.seconds} s or more, during which it does not answer. Open it from the Graphs panel when you want to see it.`),
  'import.weightsNotUsed': warning((a: { model: string }) =>
    `The weights that came with model "${a.model}" are not used here: training in the editor starts from fresh weights. Its topology was imported.`),
  'export.unknownModel': error((a: { model: string; models: string }) =>
    `There is no model "${a.model}" in the checkpoint's graph. Its models: ${a.models}.`),
  'export.pytorchNode': error((a: { node: string; title: string }) =>
    `The PyTorch export cannot write node "${a.node}" (${a.title}) yet. The TypeScript export (--target typescript) writes every node; or replace this node with one the PyTorch export knows (see README, "When you outgrow the browser").`),
  'export.pytorchSetting': error((a: { node: string; detail: string }) =>
    `The PyTorch export cannot write node "${a.node}" as it is set: ${a.detail}.`),
  'cli.target': error((a: { got: string }) =>
    `--target ${a.got} is not an export target. Choose typescript (one module on plain tfjs) or pytorch (a Python package for PyTorch and torchrun).`),

  // ── added by node authors (keep each group together) ─────────────────────────────────
  // layers:
  'layers.broadcast': error((a: { a: string; b: string; shapeA: string; shapeB: string; sizeA: number; sizeB: number }) =>
    `inputs "${a.a}" ${a.shapeA} and "${a.b}" ${a.shapeB} cannot be combined element by element: one dimension is ${a.sizeA} in the first and ${a.sizeB} in the second. Each dimension (counted from the right) must be equal, or 1 in one of them (it is then repeated). Resize one input: a Dense or 1x1 Conv2D changes channels, UpSampling2D or pooling changes height and width.`),
  'layers.concat': error((a: { a: string; b: string; shapeA: string; shapeB: string }) =>
    `inputs "${a.a}" ${a.shapeA} and "${a.b}" ${a.shapeB} can only be concatenated along the last axis (channels) if they have the same rank and agree in every other dimension. Resize one of them (UpSampling2D, pooling, a strided Conv2D, or a Reshape) so the rest matches.`),
  'layers.unknownDim': error((a: { port: string; got: string; what: string }) =>
    `input "${a.port}" ${a.got} has a dimension of unknown size, but ${a.what} needs every size except the batch. Give the Model Input a full shape.`),
  // samplers and previews:
  'sampler.modelInputs': error((a: { model: string; got: string }) =>
    `model "${a.model}" must take two inputs, the noisy image [batch, ...] first and the timestep [batch, 1] second, but its inputs are ${a.got}. Give the noise-prediction network (a U-Net) exactly these two Model Inputs, image first.`),
  'sampler.modelOutput': error((a: { model: string; expected: string; got: string }) =>
    `model "${a.model}" predicts the noise added to its image input, so its first output must have the image's shape ${a.expected}, but it gives ${a.got}. End the network with a layer that maps back to the image's size and channels.`),
  // losses, optimizers and data:
  'run.datasetUnknown': error((a: { name: string; known: string }) =>
    `There is no dataset "${a.name}" (known: ${a.known}). Pick one of these in the data node.`),
  // the editor (hints shown beside a command that cannot run, and summary notes):
  'editor.createModelNoLayers': info((_a: Record<string, never>) =>
    `Select one or more layer nodes (Dense, Conv2D, ...) or Model nodes to make a model of them.`),
  'editor.paramsUncounted': info((a: { count: number }) =>
    `${a.count} layer${a.count === 1 ? '' : 's'} not counted: the input shape is not known yet. Fix the problems listed under the canvas.`),
  'editor.noCompatibleNode': info((a: { query: string }) =>
    `No node ${a.query ? `matching "${a.query}" ` : ''}fits this connection here.`),
  // the code view:
  'code.stale': warning((a: { count: number; first: string }) =>
    `The graph has ${a.count} error${a.count === 1 ? '' : 's'}, so this is the code of its last version without errors; it updates once ${a.count === 1 ? 'it is' : 'they are'} fixed. First: ${a.first}`),
  'code.noneYet': info((a: { count: number }) =>
    `The graph has ${a.count} error${a.count === 1 ? '' : 's'}, so there is no code to show yet. Fix the problems listed under the canvas.`),
  'code.exportFailed': error((a: { detail: string }) =>
    `The code could not be written (${a.detail}); the last code written is shown. Please report it with the graph file.`),
  'code.copyFailed': warning((a: { detail: string }) =>
    `The code could not be copied (${a.detail}). Select it in the editor (Ctrl+A) and copy it with Ctrl+C, or use Download.`),
  // saving, restoring and sharing the document:
  'autosave.rejected': warning((_a: Record<string, never>) =>
    `The autosaved document could not be read (see below), so a template was opened instead. The old text is kept in IndexedDB (database "tensorloom-editor", key "autosave.rejected") until the next damaged autosave.`),
  'autosave.otherTab': warning((_a: Record<string, never>) =>
    `The editor is open in another tab, and that tab keeps the autosave: while it is open, this tab's edits are kept apart from it, so neither tab overwrites the other's work (a reload of this tab brings them back; if this tab closes first, they appear under Recent). Once that tab closes, this tab keeps the autosave, and what that tab saved last stays under Recent.`),
  'autosave.unavailable': warning((_a: Record<string, never>) =>
    `This browser does not let the page store data (private mode or storage disabled), so your work is not autosaved. Use Save to keep a copy.`),
  'share.damaged': error((_a: Record<string, never>) =>
    `The link's graph is damaged or cut short (links are long: copy all of it). Ask for the link again, or for the graph file.`),
  'share.opened': info((_a: Record<string, never>) =>
    `The graph from the link is open. What you had before is one Undo away (Ctrl+Z), and stays under Recent after a reload.`),
  'share.refused': warning((_a: Record<string, never>) =>
    `The graph in the link could not be opened (see below). Your own document is unchanged.`),
  'share.copied': info((_a: Record<string, never>) =>
    `The link is on the clipboard. It carries the whole graph: anyone who opens it gets a copy, and nothing is uploaded.`),
  'share.copyBlocked': info((_a: Record<string, never>) =>
    `Copy the link below (Ctrl+C). It carries the whole graph: anyone who opens it gets a copy, and nothing is uploaded.`),
  // the Image folder data node: a person's own pictures (src/runtime/datasets/image-folder.ts):
  'images.noName': error((_a: Record<string, never>) =>
    `has no dataset name. Type a name in its "dataset" param (e.g. my-images), then press "Choose folder…" in the inspector.`),
  'images.notChosen': error((a: { name: string }) =>
    `No images are stored under the name "${a.name}" in this browser yet. Select the Image folder node and press "Choose folder…" in the inspector to read a folder of pictures.`),
  'images.noFolder': error((a: { name: string }) =>
    `The graph draws images from the folder named "${a.name}", but none was given. Pass --images ${a.name}=FOLDER (a folder of PNG files).`),
  'images.folderMissing': error((a: { name: string; folder: string }) =>
    `--images ${a.name}=${a.folder}: there is no folder there. Check the path.`),
  'images.badOption': error((a: { value: string }) =>
    `--images ${a.value}: write it as NAME=FOLDER, where NAME is the "dataset" param of an Image folder node.`),
  'images.sizeChanged': error((a: { name: string; stored: string; wanted: string }) =>
    `The images of "${a.name}" were read as ${a.stored}, but the Image folder node now asks for ${a.wanted}. Press "Choose folder…" again to read them at the new size.`),
  'images.noneRead': error((a: { name: string; files: number }) =>
    `None of the ${a.files} file(s) chosen for "${a.name}" could be read as a picture (see the refused files). Choose a folder of PNG or JPEG images.`),
  'images.fileEmpty': warning((a: { file: string }) =>
    `${a.file}: the file is empty (0 bytes), so it was left out. Copy it again from where it came from.`),
  'images.notImage': warning((a: { file: string }) =>
    `${a.file}: not a picture (its bytes are not PNG, JPEG, GIF, WebP or BMP), so it was left out. Remove it from the folder, or save it as PNG.`),
  'images.undecodable': warning((a: { file: string; detail: string }) =>
    `${a.file}: the picture could not be decoded (${a.detail}); it may be damaged or cut short. It was left out: open it in an image viewer and save it again as PNG.`),
  'images.unreadable': warning((a: { file: string; detail: string }) =>
    `${a.file}: the file could not be read (${a.detail}), so it was left out. Check that it still exists and that you may read it.`),
  'images.zeroSize': warning((a: { file: string }) =>
    `${a.file}: the picture has no pixels (width or height 0), so it was left out. Remove it from the folder.`),
  'images.formatInNode': warning((a: { file: string; format: string }) =>
    `${a.file}: ${a.format} pictures cannot be decoded by the command line (it reads PNG only), so it was left out. Convert it to PNG, or use the folder in the browser app, which reads ${a.format}.`),
  // ── browser training: the WebAssembly backend and model downloads ─────────────────────────
  'run.wasmKernelMissing': info((a: { kernel: string }) =>
    `This graph cannot train on WebAssembly: tfjs's WebAssembly backend has no "${a.kernel}" kernel, which training this graph needs, so it trains on the CPU (plain JavaScript), which is slower. Use a browser with WebGPU or WebGL to train it on the GPU.`),
  'run.exportNoSession': error((_a: Record<string, never>) =>
    `There is no trained model to download: nothing is training. Press Step or Train (it resumes the checkpoint), then download the model.`),
  // ── imported weights as a model's starting point (src/interop/weights-*, the training worker) ──
  'weights.kept': info((a: { model: string }) =>
    `Training starts model "${a.model}" from its imported weights. They are kept in this browser, not in the document: a saved file or a share link carries the topology alone. Once the graph has a checkpoint, training resumes from the checkpoint instead.`),
  'weights.notKept': warning((a: { model: string; detail: string }) =>
    `The weights of model "${a.model}" could not be kept in this browser (${a.detail}), so training starts it from fresh weights. Its topology was imported.`),
  'weights.noLongerFit': info((a: { model: string; detail: string }) =>
    `Model "${a.model}" was changed since it was imported and its imported weights no longer fit it (${a.detail}), so it starts from fresh weights. Import the model again to start from its weights.`),
  'weights.unreadable': info((a: { model: string; detail: string }) =>
    `The imported weights kept for model "${a.model}" could not be read (${a.detail}), so it starts from fresh weights. Import the model again to start from its weights.`),
  'weights.storeUnreadable': info((a: { detail: string }) =>
    `The imported weights kept in this browser could not be read (${a.detail}), so every model starts from fresh weights.`),
} as const;

export type MessageCode = keyof typeof MESSAGES;
export type MessageArgs<C extends MessageCode> = Parameters<(typeof MESSAGES)[C]['text']>[0];

/** A coded message with its arguments: the form in which passes and nodes report problems. */
export type Issue = { [C in MessageCode]: { code: C; args: MessageArgs<C> } }[MessageCode];

export function issue<C extends MessageCode>(code: C, args: MessageArgs<C>): Issue {
  return { code, args } as Issue;
}

export function renderIssue(i: Issue): string {
  const entry = MESSAGES[i.code] as Entry<unknown>;
  return entry.text(i.args);
}

export function severityOf(code: MessageCode): Severity {
  return MESSAGES[code].severity;
}
