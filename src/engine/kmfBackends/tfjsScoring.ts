// KMF scoring on tfjs (CPU, WASM, WebGL or WebGPU): the item matrix stays on the device, one matVec per query.
import type * as tfTypes from '@tensorflow/tfjs';
import type { ScoringBackend } from '../kmfScoring';
import type { ComputeBackendName } from '../types';

type Tf = typeof tfTypes;

export class TfjsScoring implements ScoringBackend {
  private readonly items: tfTypes.Tensor2D;
  private readonly bias: tfTypes.Tensor1D;

  constructor(
    private readonly tf: Tf,
    readonly name: ComputeBackendName,
    itemFactors: Float32Array,
    itemBias: Float32Array,
    factors: number,
  ) {
    this.items = tf.tensor2d(itemFactors, [itemBias.length, factors]);
    this.bias = tf.tensor1d(itemBias);
  }

  async score(user: Float32Array, rows: Int32Array | null, count: number): Promise<Float32Array> {
    const tf = this.tf;
    const result = tf.tidy(() => {
      const u = tf.tensor2d(user, [user.length, 1]);
      if (!rows) return tf.add(tf.matMul(this.items, u).reshape([-1]), this.bias) as tfTypes.Tensor1D;
      const index = tf.tensor1d(rows.subarray(0, count), 'int32');
      return tf.add(tf.matMul(tf.gather(this.items, index), u).reshape([-1]), tf.gather(this.bias, index)) as tfTypes.Tensor1D;
    });
    try {
      return (await result.data()) as Float32Array;
    } finally {
      result.dispose();
    }
  }

  dispose(): void {
    this.items.dispose();
    this.bias.dispose();
  }
}

/** tfjs backend names as tf.setBackend knows them. */
export const TFJS_BACKENDS: Record<Exclude<ComputeBackendName, 'typed-array'>, string> = {
  'tfjs-webgpu': 'webgpu',
  'tfjs-webgl': 'webgl',
  'tfjs-wasm': 'wasm',
  'tfjs-cpu': 'cpu',
};
