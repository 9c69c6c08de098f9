namespace Supplychain.Evaluation.Drift;

/// <summary>The drift statistics: population stability index, Kolmogorov–Smirnov statistic, chi-square statistic.</summary>
public static class DriftStatistics
{
    /// <summary>Bin fractions below this are raised to it, so an empty bin gives a large but finite PSI term.</summary>
    public const double Epsilon = 1e-4;

    /// <summary>Bin edges at the reference's quantiles (deduplicated, so heavy ties give fewer bins).</summary>
    public static double[] QuantileEdges(double[] sortedReference, int bins)
    {
        var edges = new SortedSet<double>();
        for (var b = 1; b < bins; b++)
        {
            if (sortedReference.Length == 0) break;
            edges.Add(sortedReference[(int)Math.Min(sortedReference.Length - 1, Math.Floor((double)b * sortedReference.Length / bins))]);
        }
        return edges.ToArray();
    }

    /// <summary>Fractions of <paramref name="sorted"/> in the bins (-inf, e0), [e0, e1), ..., [e_last, +inf).</summary>
    public static double[] BinFractions(double[] sorted, double[] edges)
    {
        var counts = new double[edges.Length + 1];
        if (sorted.Length == 0) return counts;
        var previous = 0;
        for (var b = 0; b < edges.Length; b++)
        {
            var below = LowerBound(sorted, edges[b]);
            counts[b] = below - previous;
            previous = below;
        }
        counts[^1] = sorted.Length - previous;
        for (var b = 0; b < counts.Length; b++) counts[b] /= sorted.Length;
        return counts;
    }

    public static double Psi(IReadOnlyList<double> reference, IReadOnlyList<double> current)
    {
        var psi = 0.0;
        for (var i = 0; i < reference.Count; i++)
        {
            var r = Math.Max(reference[i], Epsilon);
            var c = Math.Max(current[i], Epsilon);
            psi += (c - r) * Math.Log(c / r);
        }
        return psi;
    }

    /// <summary>Two-sample KS statistic: the largest distance between the empirical CDFs.</summary>
    public static double KolmogorovSmirnov(double[] a, double[] b)
    {
        if (a.Length == 0 || b.Length == 0) return 0;
        int i = 0, j = 0;
        var d = 0.0;
        while (i < a.Length && j < b.Length)
        {
            var x = Math.Min(a[i], b[j]);
            while (i < a.Length && a[i] <= x) i++;
            while (j < b.Length && b[j] <= x) j++;
            d = Math.Max(d, Math.Abs((double)i / a.Length - (double)j / b.Length));
        }
        return d;
    }

    /// <summary>Pearson's chi-square statistic of the current counts against the reference proportions.</summary>
    public static double ChiSquare(IReadOnlyList<double> referenceFractions, IReadOnlyList<long> currentCounts)
    {
        var total = currentCounts.Sum();
        if (total == 0) return 0;
        var chi = 0.0;
        for (var i = 0; i < referenceFractions.Count; i++)
        {
            var expected = Math.Max(referenceFractions[i], Epsilon) * total;
            chi += (currentCounts[i] - expected) * (currentCounts[i] - expected) / expected;
        }
        return chi;
    }

    private static int LowerBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
