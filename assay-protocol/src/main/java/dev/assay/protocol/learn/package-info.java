/**
 * Stage 2 of classification, the learned model: {@link dev.assay.protocol.learn.FlowFeatures} (the first payload bytes
 * of each direction, the sizes, directions and gaps of the first packets), a multi-class XGBoost model with a
 * calibrated probability and an open-set threshold ({@link dev.assay.protocol.learn.LearnedModel}, trained on
 * capture files split into training and held-out files), and {@link dev.assay.protocol.learn.LearnedStage}, which
 * answers with the features that moved the score as evidence.
 */
package dev.assay.protocol.learn;
