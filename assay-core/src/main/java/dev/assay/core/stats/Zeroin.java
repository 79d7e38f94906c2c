package dev.assay.core.stats;

import java.util.function.DoubleUnaryOperator;

/**
 * Brent's root finder as R's uniroot runs it (R_zeroin2 in R's src/library/stats/src/zeroin.c, after
 * Brent 1973, "Algorithms for Minimization without Derivatives", ch. 4), ported step for step so that
 * the Hodges-Lehmann estimate and interval of the normal-approximation Wilcoxon test land on the same
 * point R's does. Returns a point within about {@code tol} of a sign change of f in [a, b].
 */
final class Zeroin {
    private static final double EPSILON = Math.ulp(1.0);

    private Zeroin() {
    }

    static double root(DoubleUnaryOperator f, double ax, double bx, double fax, double fbx, double tol, int maxIterations) {
        double a = ax;
        double b = bx;
        double fa = fax;
        double fb = fbx;
        double c = a;
        double fc = fa;
        if (fa == 0.0) {
            return a;
        }
        if (fb == 0.0) {
            return b;
        }
        int remaining = maxIterations + 1;
        while (remaining-- > 0) {
            double prevStep = b - a;
            if (Math.abs(fc) < Math.abs(fb)) {
                a = b;
                b = c;
                c = a;
                fa = fb;
                fb = fc;
                fc = fa;
            }
            double tolAct = 2 * EPSILON * Math.abs(b) + tol / 2;
            double newStep = (c - b) / 2;
            if (Math.abs(newStep) <= tolAct || fb == 0.0) {
                return b;
            }
            if (Math.abs(prevStep) >= tolAct && Math.abs(fa) > Math.abs(fb)) {
                double p;
                double q;
                double cb = c - b;
                if (a == c) {
                    double t1 = fb / fa;
                    p = cb * t1;
                    q = 1.0 - t1;
                } else {
                    double qq = fa / fc;
                    double t1 = fb / fc;
                    double t2 = fb / fa;
                    p = t2 * (cb * qq * (qq - t1) - (b - a) * (t1 - 1.0));
                    q = (qq - 1.0) * (t1 - 1.0) * (t2 - 1.0);
                }
                if (p > 0) {
                    q = -q;
                } else {
                    p = -p;
                }
                if (p < (0.75 * cb * q - Math.abs(tolAct * q) / 2) && p < Math.abs(prevStep * q / 2)) {
                    newStep = p / q;
                }
            }
            if (Math.abs(newStep) < tolAct) {
                newStep = newStep > 0 ? tolAct : -tolAct;
            }
            a = b;
            fa = fb;
            b += newStep;
            fb = f.applyAsDouble(b);
            if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
                c = a;
                fc = fa;
            }
        }
        return b;
    }
}
