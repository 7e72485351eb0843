// The nearest-neighbour resize's gradient on the CPU backend (UpSampling2D's backward pass), as a
// scatter of dy along the forward resize's own reads (resize-plan.ts). tfjs's CPU kernel is wrong
// for a batch of more than one image: <resize(x), y> and <x, grad(y)> differ (the DDPM U-Net's
// upsampling layers trained on wrong gradients there).
import type * as TF from '@tensorflow/tfjs';
import { nearestSources } from './resize-plan';

interface CpuBackendLike {
  data: { get(dataId: object): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: TF.DataType, values: Float32Array): TF.TensorInfo;
}

export const resizeNearestGradCpu: TF.KernelConfig['kernelFunc'] = ({ inputs, backend, attrs }) => {
  const { images, dy } = inputs as { images: TF.TensorInfo; dy: TF.TensorInfo };
  const { alignCorners, halfPixelCenters } = attrs as unknown as { alignCorners: boolean; halfPixelCenters: boolean };
  const cpu = backend as unknown as CpuBackendLike;
  const [n, h, w, c] = images.shape as [number, number, number, number];
  const [, oh, ow] = dy.shape as [number, number, number, number];
  const rows = nearestSources(h, oh, alignCorners, halfPixelCenters);
  const cols = nearestSources(w, ow, alignCorners, halfPixelCenters);
  const g = cpu.data.get(dy.dataId).values;
  const dx = new Float32Array(n * h * w * c);
  let src = 0;
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < oh; y++) {
      const rowBase = (b * h + rows[y]!) * w;
      for (let x = 0; x < ow; x++) {
        const dst = (rowBase + cols[x]!) * c;
        for (let ch = 0; ch < c; ch++) dx[dst + ch]! += g[src++]!;
      }
    }
  }
  return cpu.makeTensorInfo(images.shape.slice(), 'float32', dx);
};
