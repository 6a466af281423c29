namespace Planner.Benchmarks.Training;

/// <summary>
/// The area under the ROC curve of scores against binary labels, by ranks (Mann-Whitney): the probability that a random
/// positive scores above a random negative, ties counting one half (docs/methodology.md, "Time to target").
/// </summary>
public static class Auc
{
    /// <exception cref="ArgumentException">The lengths differ, or the labels are all of one class.</exception>
    public static double Compute(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        if (scores.Count != labels.Count)
        {
            throw new ArgumentException($"scores ({scores.Count}) and labels ({labels.Count}) must have the same length");
        }
        var positives = labels.Count(l => l);
        var negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            throw new ArgumentException("the AUC needs at least one positive and one negative label");
        }
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        // Sum of the positives' ranks (1-based), tied scores sharing their average rank.
        var rankSum = 0.0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]])
            {
                end++;
            }
            var averageRank = ((start + 1) + (end + 1)) / 2.0;
            for (var k = start; k <= end; k++)
            {
                if (labels[order[k]])
                {
                    rankSum += averageRank;
                }
            }
            start = end + 1;
        }
        return (rankSum - (positives * (positives + 1) / 2.0)) / ((double)positives * negatives);
    }
}
