// What a node says about itself for the PyTorch export: a layer's nn.Module, its forward call and
// how its weights cross over; an op node's Python expression. The writer (src/codegen/pytorch)
// owns names and declarations; the expressions call PyTorch and the package's runtime module
// (`tl`, src/codegen/pytorch/runtime/tensorloom_runtime.py), which draws as the app draws.
import type { ParamSpecs, ParamValues, Shape } from './spec';

/**
 * How one of the app's weights becomes a PyTorch parameter (`tl.LAYOUTS`): as it is, a Dense
 * kernel transposed, a convolution kernel from [h, w, in, out] to [out, in, h, w].
 */
export type TorchLayout = 'same' | 'dense' | 'conv';

/** One weight of a layer: its name in the app after the layer's name, the parameter, the layout. */
export type TorchWeight = readonly [app: string, parameter: string, layout: TorchLayout];

export interface TorchLayerContext {
  /** the shapes of the layer's inputs as the app has them (channels last), batch first */
  inputs: readonly Shape[];
  output: Shape;
  /** the training stream, for layers that draw at call time (dropout) */
  rng: string;
}

export interface TorchCallContext extends TorchLayerContext {
  /** the layer's module, e.g. `self.conv1`; absent for layers without one */
  module: string;
  /** the input tensors, channels first where they are images */
  args: readonly string[];
}

/**
 * A layer in the PyTorch export. The model's tensors are channels first ([batch, c, h, w]) where
 * the app's are channels last; the layer's shapes in the context are the app's.
 */
export interface TorchLayer<P extends ParamSpecs = ParamSpecs> {
  /** the module it makes, e.g. `nn.Linear(784, 128)`; absent: the layer is a function in forward */
  module?(params: ParamValues<P>, ctx: TorchLayerContext): string;
  /** the forward expression; absent: the module applied to the one input */
  forward?(params: ParamValues<P>, ctx: TorchCallContext): string;
  /** the app's weights as parameters of the module (named after the module's attribute) */
  weights?(params: ParamValues<P>): readonly TorchWeight[];
}

/** What an op node's PyTorch expression may ask of the function it is written into. */
export interface TorchOpContext {
  /** the expression of the tensor at an input port */
  input(port: string): string;
  /** the node's input ports, in order (those of a node that runs a model follow the model's inputs) */
  inputPorts: readonly string[];
  /** the training stream, e.g. `self.rng` */
  rng: string;
  /** the batch size of a node whose `batchSize` param is `value`: the run's `--batch-size` or the value */
  batch(value: number): string;
  /** the images of a dataset key ('mnist-train'), e.g. `self.data["mnist-train"]` */
  images(key: string): string;
  /** a model of the document, callable, e.g. `m["generator"]` */
  model(modelId: string): string;
  /** the shape the analysis found at one of the node's outputs (channels last), batch first */
  outputShape(port: string): Shape | undefined;
}

/** A JavaScript value as a Python literal. */
export function py(value: unknown): string {
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'float("nan")';
    if (!Number.isFinite(value)) return value > 0 ? 'float("inf")' : '-float("inf")';
    return String(value);
  }
  // JSON's escapes are Python's; the two line separators are escaped too, to be safe in any reader
  if (typeof value === 'string') return JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  if (Array.isArray(value)) return `[${value.map(py).join(', ')}]`;
  throw new Error(`no Python literal for ${typeof value}`);
}

/** A Python call with positional and keyword arguments (keywords that are undefined are left out). */
export function pyCall(fn: string, args: readonly string[], keywords: Record<string, unknown> = {}): string {
  const kw = Object.entries(keywords)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v instanceof PyCode ? v.code : py(v)}`);
  return `${fn}(${[...args, ...kw].join(', ')})`;
}

/** Code written as it is among pyCall's keywords. */
export class PyCode {
  constructor(readonly code: string) {}
}
export const pyCode = (code: string) => new PyCode(code);

/** The channels of an app-layout shape (its last dimension). */
export function channelsOf(shape: Shape | undefined): number {
  const c = shape?.at(-1);
  if (typeof c !== 'number') throw new Error(`the PyTorch export needs a known channel count, got ${JSON.stringify(shape)}`);
  return c;
}

/** `x` through an activation of the layers' list (nodes/layers/common.ts ACTIVATIONS and leakyRelu). */
export function torchActivation(name: string, x: string, rank: number, alpha = 0.2): string {
  switch (name) {
    case 'linear': return x;
    case 'relu': return `F.relu(${x})`;
    case 'leakyRelu': return `F.leaky_relu(${x}, ${py(alpha)})`;
    case 'elu': return `F.elu(${x})`;
    case 'tanh': return `torch.tanh(${x})`;
    case 'sigmoid': return `torch.sigmoid(${x})`;
    case 'swish': return `F.silu(${x})`;
    case 'gelu': return `F.gelu(${x})`;
    case 'softplus': return `F.softplus(${x})`;
    // over the channels: the last axis in the app, the second here for images
    case 'softmax': return `torch.softmax(${x}, ${rank === 4 ? 1 : -1})`;
    default: throw new Error(`the PyTorch export has no activation "${name}"`);
  }
}
