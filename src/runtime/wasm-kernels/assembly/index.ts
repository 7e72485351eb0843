// The kernels the product calls (src/runtime/wasm-kernels/kernels.ts names each one's arguments).
export { adam } from './adam';
export { addRows, leakyRelu, leakyReluGrad, relu, reluGrad, swish, swishGrad } from './activations';
export { sumRows } from './reduce';
export { bnDx, bnMoving, bnNormalize, bnStats, bnSums } from './batch-norm';
export { biasRelu, matmul, packTranspose } from './matmul';
export { maxPoolGrad, resizeNearestGrad } from './pool-grads';
export { gnGrads, gnNormalize, gnStats, gnTotals } from './group-norm';
export { packB } from './gemm';
export { run } from './jobs';
export { dropout } from './dropout';
export { concatRows, gatherRows, splitRows } from './copy';
