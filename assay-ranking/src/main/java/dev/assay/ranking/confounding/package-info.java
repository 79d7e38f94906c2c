/**
 * Confounding checks of a logged treatment (an upshift decision): stratified effect, within-stratum permutation
 * test, effective sample size and negative controls.
 */
package dev.assay.ranking.confounding;
