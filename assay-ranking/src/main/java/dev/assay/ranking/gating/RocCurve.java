package dev.assay.ranking.gating;

import dev.assay.core.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ROC curve of a score predicting a binary label (higher score predicts positive),
 * one point per distinct score threshold, and the area under it by the trapezoid rule.
 * Tied scores move the curve diagonally, so the AUC equals the Mann-Whitney probability
 * P(score+ > score-) + P(tie)/2 (Hanley and McNeil 1982).
 */
public record RocCurve(List<Point> points, double auc, int positives, int negatives) {
    public RocCurve {
        points = List.copyOf(points);
    }

    /** A point of the curve at threshold {@code threshold}: predicting positive when score >= threshold. */
    public record Point(double threshold, double falsePositiveRate, double truePositiveRate) {}

    public static RocCurve of(double[] score, boolean[] label) {
        if (score.length != label.length)
            throw new InvalidInputException("score and label must have equal lengths, but were " + score.length + " and " + label.length);
        int pos = 0;
        for (boolean b : label) if (b) pos++;
        int neg = label.length - pos;
        if (pos == 0 || neg == 0)
            throw new InvalidInputException("an ROC curve needs both outcomes, but there were " + pos + " positives and " + neg + " negatives");
        Integer[] order = new Integer[score.length];
        for (int i = 0; i < order.length; i++) {
            if (!Double.isFinite(score[i])) throw new InvalidInputException("score " + i + " is not finite");
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
        List<Point> points = new ArrayList<>();
        points.add(new Point(Double.POSITIVE_INFINITY, 0, 0));
        int tp = 0;
        int fp = 0;
        double auc = 0;
        double prevFpr = 0;
        double prevTpr = 0;
        for (int k = 0; k < order.length; ) {
            double s = score[order[k]];
            while (k < order.length && score[order[k]] == s) {
                if (label[order[k]]) tp++;
                else fp++;
                k++;
            }
            double fpr = (double) fp / neg;
            double tpr = (double) tp / pos;
            auc += (fpr - prevFpr) * (tpr + prevTpr) / 2;
            points.add(new Point(s, fpr, tpr));
            prevFpr = fpr;
            prevTpr = tpr;
        }
        return new RocCurve(points, auc, pos, neg);
    }
}
