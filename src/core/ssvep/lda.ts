import { spdInverse } from '../linalg/small';

/**
 * Linear discriminant analysis with a shared, shrunk covariance and equal
 * class priors (the calibration session's class balance says nothing about
 * how often a user will look at each target).
 */
export interface LdaModel {
  classes: string[];
  /** weights[k][j]: linear term of class k for feature j. */
  weights: number[][];
  bias: number[];
}

export function fitLda(features: number[][], labels: number[], classes: string[], shrinkage = 0.1): LdaModel {
  const d = features[0]?.length ?? 0;
  const K = classes.length;
  const means = Array.from({ length: K }, () => new Float64Array(d));
  const counts = new Array<number>(K).fill(0);
  features.forEach((x, i) => {
    const k = labels[i];
    counts[k]++;
    for (let j = 0; j < d; j++) means[k][j] += x[j];
  });
  for (let k = 0; k < K; k++) {
    if (counts[k] === 0) throw new RangeError(`no calibration windows for class ${classes[k]}`);
    for (let j = 0; j < d; j++) means[k][j] /= counts[k];
  }
  const cov = new Float64Array(d * d);
  features.forEach((x, i) => {
    const m = means[labels[i]];
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) cov[a * d + b] += (x[a] - m[a]) * (x[b] - m[b]);
  });
  const dof = Math.max(1, features.length - K);
  let trace = 0;
  for (let a = 0; a < d * d; a++) cov[a] /= dof;
  for (let a = 0; a < d; a++) trace += cov[a * d + a];
  for (let a = 0; a < d; a++) {
    for (let b = 0; b < d; b++) cov[a * d + b] *= 1 - shrinkage;
    cov[a * d + a] += (shrinkage * trace) / d;
  }
  const inv = spdInverse(cov, d);
  const weights: number[][] = [];
  const bias: number[] = [];
  for (let k = 0; k < K; k++) {
    const w = new Array<number>(d).fill(0);
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) w[a] += inv[a * d + b] * means[k][b];
    weights.push(w);
    bias.push(-0.5 * w.reduce((s, v, j) => s + v * means[k][j], 0));
  }
  return { classes, weights, bias };
}

/** Class posteriors (softmax of the discriminants) into `out`. */
export function ldaPosteriors(model: LdaModel, x: ArrayLike<number>, out: Float64Array): void {
  const K = model.classes.length;
  let max = -Infinity;
  for (let k = 0; k < K; k++) {
    const w = model.weights[k];
    let s = model.bias[k];
    for (let j = 0; j < w.length; j++) s += w[j] * x[j];
    out[k] = s;
    if (s > max) max = s;
  }
  let total = 0;
  for (let k = 0; k < K; k++) {
    out[k] = Math.exp(out[k] - max);
    total += out[k];
  }
  for (let k = 0; k < K; k++) out[k] /= total;
}
