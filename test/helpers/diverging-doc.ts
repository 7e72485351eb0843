// A graph whose training blows up: a linear 2-D autoencoder under SGD at learning rate 2 grows
// its weights about 2.5-fold per iteration (to some 1e19 by iteration 42), until the loss
// overflows float32 (Infinity at iteration 42 with seed 1) while the weights are still finite.
import type { GraphDoc } from '../../src/graph/types';
import { chainModel, doc, graph } from './build-doc';

export function divergingDoc(learningRate = 2): GraphDoc {
  return doc({
    name: 'diverging',
    models: { ae: chainModel([2], [['h', 'layers.dense', { units: 2 }]]) },
    main: graph(
      [
        ['data', 'data.toy2d', { distribution: 'ring', batchSize: 16 }],
        ['ae', 'models.call', { model: 'ae' }],
        ['mse', 'losses.mse', {}],
        ['opt', 'optimizers.sgd', { learningRate, models: ['ae'] }],
      ],
      ['data.x -> ae.x', 'ae.y -> mse.pred', 'data.x -> mse.target', 'mse.loss -> opt.loss'],
    ),
  });
}
