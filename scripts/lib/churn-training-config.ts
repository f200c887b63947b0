/** The recipe of the embedded churn model. Changing any value changes models/churn.onnx. */
export interface ChurnTrainingConfig {
  /** Synthetic customers generated. @default 20000 */
  rows: number;
  /** Seeds the data, the split, the shards and the forests. @default 42 */
  seed: number;
  /** Stratified holdout share. @default 0.2 */
  testFraction: number;
  /** Disjoint stratified shards of the training rows, one forest each. @default 20 */
  shards: number;
  /** Trees per shard's forest; the ensemble has shards × treesPerShard trees. @default 5 */
  treesPerShard: number;
  /** Share of the features each tree sees (ml-random-forest bags features per tree). @default 1 */
  maxFeatures: number;
  /** @default 6 */
  maxDepth: number;
  /** @default 3 (ml-cart's default) */
  minNumSamples: number;
  /** @default 0 (ml-cart's default 0.01 stops most trees after a few splits) */
  gainThreshold: number;
}

export const CHURN_TRAINING: ChurnTrainingConfig = {
  rows: 20000,
  seed: 42,
  testFraction: 0.2,
  shards: 20,
  treesPerShard: 5,
  maxFeatures: 1,
  maxDepth: 6,
  minNumSamples: 3,
  gainThreshold: 0,
};
