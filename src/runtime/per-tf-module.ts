// tfjs is handed in (`tf`), never imported at runtime by the nodes and the fused kernels, so what
// extends or registers into tfjs is made by a factory taking `tf`, once per tfjs module.
import type { TFModule } from '../../nodes/spec';

/** Memoises a factory per tfjs module: made (and registered) once, however often it is asked for. */
export function perTfModule<T>(make: (tf: TFModule) => T): (tf: TFModule) => T {
  const made = new WeakMap<TFModule, T>();
  return (tf) => {
    let value = made.get(tf);
    if (value === undefined) {
      value = make(tf);
      made.set(tf, value);
    }
    return value;
  };
}
