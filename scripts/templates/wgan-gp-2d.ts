// WGAN-GP (Gulrajani et al. 2017) on the 2-D ring: the 2-D GAN's networks, trained with the
// Wasserstein losses and a gradient penalty on random points between real and generated ones, five
// critic updates per generator update, Adam at 5e-4 (beta1 0.5, beta2 0.9: with the paper's 1e-4
// and beta1 0, neither this template nor its PyTorch twin had found the ring after 2,000 iterations).
import type { GraphDoc } from '../../src/graph/types';
import { document, GraphBuilder } from './builder';

const BATCH = 128;
const NOISE = 8;

function mlp(input: string, inputShape: number[], output: string, units: number, activation: string) {
  const g = new GraphBuilder();
  g.node(input, 'models.input', { name: input, shape: inputShape }, 0, 0);
  g.node('h1', 'layers.dense', { units: 128, activation }, 1, 0);
  g.node('h2', 'layers.dense', { units: 128, activation }, 2, 0);
  g.node('out', 'layers.dense', { units }, 3, 0);
  g.node(output, 'models.output', { name: output }, 4, 0);
  g.chain(input, 'h1', 'h2', 'out', output);
  return g.build();
}

function training() {
  const m = new GraphBuilder();
  const adam = (models: string[], order: number, updatesPerIteration: number) =>
    ({ learningRate: 5e-4, beta1: 0.5, beta2: 0.9, models, order, updatesPerIteration });
  m.node('real', 'data.toy2d', { distribution: 'ring', batchSize: BATCH }, 0, 0);
  m.node('noise', 'samplers.gaussian', { batchSize: BATCH, shape: [NOISE] }, 0, 2.5, 'z');
  m.node('gen', 'models.call', { model: 'generator' }, 1, 2.5, 'G(z)');
  m.node('D_real', 'models.call', { model: 'critic' }, 2, 0, 'D(real)');
  m.node('D_fake', 'models.call', { model: 'critic' }, 2, 2.5, 'D(fake)');
  m.node('mix', 'tensors.interpolate', {}, 2, 1.25, 'between');
  m.node('real_w', 'losses.wasserstein', { sign: 'real' }, 3, 0, 'raise D(real)');
  m.node('fake_w', 'losses.wasserstein', { sign: 'fake' }, 3, 2.5, 'lower D(fake)');
  m.node('gp', 'losses.gradientPenalty', { model: 'critic', penalty: 'wgan-gp', weight: 10 }, 3, 1.25, 'gradient penalty');
  m.node('d_loss', 'losses.weightedSum', { count: 3 }, 4, 1.25, 'critic loss');
  m.node('g_loss', 'losses.wasserstein', { sign: 'real' }, 3, 3.75, 'raise D(fake)');
  m.node('opt_D', 'optimizers.adam', adam(['critic'], 0, 5), 5, 1.25, 'D');
  m.node('opt_G', 'optimizers.adam', adam(['generator'], 1, 1), 5, 3.75, 'G');
  m.node('gp_metric', 'metrics.metric', { every: 10, batches: 1 }, 4, 0, 'penalty');
  m.node('fake_points', 'previews.scatter', { count: 512 }, 2, 4, 'generated');
  m.node('real_points', 'previews.scatter', { count: 512 }, 1, -1.25, 'real');
  m.edge('noise.out -> gen.z');
  m.edge('real.x -> D_real.x');
  m.edge('gen.x -> D_fake.x');
  m.edge('real.x -> mix.a');
  m.edge('gen.x -> mix.b');
  m.edge('mix.out -> gp.x');
  m.edge('D_real.score -> real_w.critic');
  m.edge('D_fake.score -> fake_w.critic');
  m.edge('real_w.loss -> d_loss.loss1');
  m.edge('fake_w.loss -> d_loss.loss2');
  m.edge('gp.loss -> d_loss.loss3');
  m.edge('d_loss.loss -> opt_D.loss');
  m.edge('D_fake.score -> g_loss.critic');
  m.edge('g_loss.loss -> opt_G.loss');
  m.edge('gp.loss -> gp_metric.value');
  m.edge('gen.x -> fake_points.points');
  m.edge('real.x -> real_points.points');
  return m.build();
}

export function wganGp2d(): GraphDoc {
  return document(
    {
      name: 'WGAN-GP on a ring',
      description:
        'A Wasserstein GAN with gradient penalty (Gulrajani et al. 2017) on points of a ring: the critic scores points ' +
        'instead of classifying them, raising real scores and lowering fake ones, while a penalty on its gradient ' +
        'between real and generated points keeps it smooth; five critic updates per generator update, Adam at 5e-4 ' +
        '(beta1 0.5, beta2 0.9). A Metric charts the penalty.',
    },
    { generator: mlp('z', [NOISE], 'x', 2, 'relu'), critic: mlp('x', [2], 'score', 1, 'relu') },
    training(),
  );
}
