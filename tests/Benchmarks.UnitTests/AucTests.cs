using Planner.Benchmarks.Training;

namespace Planner.Benchmarks.UnitTests;

public class AucTests
{
    [Fact]
    public void Perfectly_ordered_scores_have_auc_one_and_reversed_scores_zero()
    {
        bool[] labels = [false, false, true, true];

        Assert.Equal(1.0, Auc.Compute([0.1, 0.2, 0.8, 0.9], labels));
        Assert.Equal(0.0, Auc.Compute([0.9, 0.8, 0.2, 0.1], labels));
    }

    [Fact]
    public void Auc_counts_the_pairs_a_positive_wins_and_ties_as_half()
    {
        // Positives 0.8 and 0.4; negatives 0.6, 0.4, 0.2. Pairs won: 0.8 beats all three (3); 0.4 beats 0.2 (1) and ties
        // 0.4 (0.5): 4.5 of 2 x 3 = 6 pairs, 0.75.
        Assert.Equal(0.75, Auc.Compute([0.8, 0.6, 0.4, 0.4, 0.2], [true, false, true, false, false]), 12);
    }

    [Fact]
    public void Scores_that_are_all_equal_have_auc_one_half()
    {
        Assert.Equal(0.5, Auc.Compute([1.0, 1.0, 1.0], [true, false, false]));
    }

    [Fact]
    public void Auc_needs_both_classes_and_matching_lengths()
    {
        Assert.Contains("one positive and one negative", Assert.Throws<ArgumentException>(() => Auc.Compute([0.1, 0.2], [true, true])).Message, StringComparison.Ordinal);
        Assert.Contains("same length", Assert.Throws<ArgumentException>(() => Auc.Compute([0.1], [true, false])).Message, StringComparison.Ordinal);
    }
}
