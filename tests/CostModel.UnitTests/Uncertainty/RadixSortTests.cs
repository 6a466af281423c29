using Planner.CostModel.Uncertainty;

namespace Planner.CostModel.UnitTests.Uncertainty;

public class RadixSortTests
{
    /// <summary>Values of every sign and magnitude, with ties, zeros of both signs, infinities and subnormals.</summary>
    private static double[] Sample(int n, int seed)
    {
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            var u = CounterRandom.Uniform(seed, i);
            values[i] = (i % 11) switch
            {
                0 => Math.Round(u * 10) - 5, // ties among small whole numbers
                1 => -Math.Exp(700 * u),
                2 => Math.Exp(-700 * u),
                3 => double.Epsilon * (1 + i % 3),
                4 => i % 2 == 0 ? double.PositiveInfinity : double.NegativeInfinity,
                5 => i % 2 == 0 ? 0.0 : -0.0,
                _ => (u - 0.5) * 1e6,
            };
        }
        return values;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(1000)]
    [InlineData(100_000)]
    public void Sort_gives_the_same_ascending_sequence_as_Array_Sort(int n)
    {
        var values = Sample(n, 3);
        var expected = (double[])values.Clone();
        Array.Sort(expected);

        RadixSort.Sort(values);

        // Equal as numbers everywhere (-0 and +0 compare equal, and may sit in either order among themselves).
        Assert.Equal(expected.Length, values.Length);
        for (var i = 0; i < n; i++)
        {
            Assert.True(expected[i] == values[i], $"position {i}: {values[i]} where Array.Sort has {expected[i]}");
        }
        Assert.Equal(expected.Where(v => v != 0).Select(BitConverter.DoubleToInt64Bits), values.Where(v => v != 0).Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void Sort_with_items_moves_each_item_with_its_key_and_keeps_ties_in_their_order()
    {
        var keys = Sample(5000, 9);
        var original = (double[])keys.Clone();
        var items = Enumerable.Range(0, keys.Length).ToArray();

        RadixSort.Sort(keys, items);

        for (var i = 0; i < keys.Length; i++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(original[items[i]]), BitConverter.DoubleToInt64Bits(keys[i]));
            if (i > 0)
            {
                Assert.True(keys[i - 1] <= keys[i], $"keys out of order at {i}");
                if (BitConverter.DoubleToInt64Bits(keys[i - 1]) == BitConverter.DoubleToInt64Bits(keys[i]))
                {
                    Assert.True(items[i - 1] < items[i], $"tie at {i} not kept in sample order");
                }
            }
        }
    }

    [Fact]
    public void A_sample_with_NaN_is_sorted_as_Array_Sort_sorts_it()
    {
        double[] values = [3, double.NaN, -1, 2, double.NaN, 0];

        RadixSort.Sort(values);

        Assert.Equal([double.NaN, double.NaN, -1, 0, 2, 3], values);
        var keys = new double[] { 3, double.NaN, -1 };
        var order = new[] { 0, 1, 2 };
        RadixSort.Sort(keys, order);
        Assert.Equal([1, 2, 0], order);
    }

    [Fact]
    public void Ranks_of_tied_values_are_their_average_rank()
    {
        Assert.Equal([2.5, 1, 2.5, 4], Descriptive.Ranks([5.0, -1, 5, 7]));
        Assert.Equal([1.5, 1.5], Descriptive.Ranks([0.0, -0.0]));
    }
}
