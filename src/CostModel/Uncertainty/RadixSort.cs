using System.Buffers;

namespace Planner.CostModel.Uncertainty;

/// <summary>
/// Sorts doubles ascending by a least-significant-digit radix sort on their bits (issue 19): the Monte Carlo's summaries
/// sort one array of trial values per option, per input and per metric, and a comparison sort of 100,000 values with their
/// indices took most of the time after the trials. Each double maps to an unsigned key whose order is the doubles'
/// (<see cref="Key"/>); 11-bit digits take at most six passes, and a pass whose digit all keys share (the sign and the
/// exponent of values of one magnitude) is skipped. The order is IEEE's: the result is the same sorted sequence as
/// <see cref="Array.Sort{T}(T[])"/>'s; only values that compare equal but differ in bits (-0 and +0) may sit in another
/// order among themselves, and samples with NaN are left to <see cref="Array.Sort{T}(T[])"/>. Scratch arrays come from
/// <see cref="ArrayPool{T}"/>, so repeated runs allocate nothing here.
/// </summary>
internal static class RadixSort
{
    private const int DigitBits = 11;
    private const int Buckets = 1 << DigitBits;
    private const int Passes = (64 + DigitBits - 1) / DigitBits;
    private const ulong SignBit = 0x8000000000000000UL;

    /// <summary>Sorts <paramref name="values"/> ascending in place.</summary>
    public static void Sort(Span<double> values)
    {
        var n = values.Length;
        var keys = ArrayPool<ulong>.Shared.Rent(n);
        var scratch = ArrayPool<ulong>.Shared.Rent(n);
        try
        {
            if (!TryKeys(values, keys))
            {
                values.Sort();
                return;
            }
            var sorted = SortKeys(keys.AsSpan(0, n), scratch.AsSpan(0, n), default, default);
            for (var i = 0; i < n; i++)
            {
                values[i] = FromKey(sorted[i]);
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(keys);
            ArrayPool<ulong>.Shared.Return(scratch);
        }
    }

    /// <summary>
    /// Sorts <paramref name="keys"/> ascending and moves <paramref name="items"/> with them, as
    /// <see cref="Array.Sort{TKey, TValue}(TKey[], TValue[])"/> does; items of equal keys keep their order (the sort is stable).
    /// </summary>
    public static void Sort(Span<double> keys, Span<int> items)
    {
        if (keys.Length != items.Length)
        {
            throw new ArgumentException($"{keys.Length} keys for {items.Length} items", nameof(items));
        }
        var n = keys.Length;
        var bits = ArrayPool<ulong>.Shared.Rent(n);
        var bitsScratch = ArrayPool<ulong>.Shared.Rent(n);
        var itemsScratch = ArrayPool<int>.Shared.Rent(n);
        try
        {
            if (!TryKeys(keys, bits))
            {
                keys.Sort(items);
                return;
            }
            var sortedBits = SortKeys(bits.AsSpan(0, n), bitsScratch.AsSpan(0, n), items, itemsScratch.AsSpan(0, n));
            for (var i = 0; i < n; i++)
            {
                keys[i] = FromKey(sortedBits[i]);
            }
            // SortKeys leaves the items beside the keys it returns: in items, or in the scratch after an odd number of passes.
            if (!sortedBits.Overlaps(bits.AsSpan(0, n)))
            {
                itemsScratch.AsSpan(0, n).CopyTo(items);
            }
        }
        finally
        {
            ArrayPool<ulong>.Shared.Return(bits);
            ArrayPool<ulong>.Shared.Return(bitsScratch);
            ArrayPool<int>.Shared.Return(itemsScratch);
        }
    }

    /// <summary>
    /// An order-preserving key: non-negative doubles (sign bit clear) get the sign bit set, negative ones all bits
    /// flipped, so that unsigned comparison of keys is the comparison of the doubles (-0 just below +0).
    /// </summary>
    internal static ulong Key(double value)
    {
        var bits = BitConverter.DoubleToUInt64Bits(value);
        return (bits & SignBit) == 0 ? bits | SignBit : ~bits;
    }

    internal static double FromKey(ulong key) =>
        BitConverter.UInt64BitsToDouble((key & SignBit) != 0 ? key & ~SignBit : ~key);

    /// <summary>Writes each value's key; false when a value is NaN (no place in an ordering).</summary>
    private static bool TryKeys(ReadOnlySpan<double> values, ulong[] keys)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var value = values[i];
            if (double.IsNaN(value))
            {
                return false;
            }
            keys[i] = Key(value);
        }
        return true;
    }

    /// <summary>
    /// The passes: counts every digit's buckets in one read, then moves keys (and items, when given) between the two
    /// buffers once per digit that is not the same for all keys. Returns the buffer that holds the sorted keys; the items
    /// are in the matching buffer (<paramref name="items"/> with <paramref name="keys"/>, the scratch with the scratch).
    /// </summary>
    private static Span<ulong> SortKeys(Span<ulong> keys, Span<ulong> keysScratch, Span<int> items, Span<int> itemsScratch)
    {
        var rentedCounts = ArrayPool<int>.Shared.Rent(Passes * Buckets + Buckets);
        try
        {
            var counts = rentedCounts.AsSpan(0, Passes * Buckets);
            counts.Clear();
            return SortKeys(keys, keysScratch, items, itemsScratch, counts, rentedCounts.AsSpan(Passes * Buckets, Buckets));
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rentedCounts);
        }
    }

    private static Span<ulong> SortKeys(Span<ulong> keys, Span<ulong> keysScratch, Span<int> items, Span<int> itemsScratch, Span<int> counts, Span<int> offsets)
    {
        var n = keys.Length;
        var withItems = !items.IsEmpty;
        foreach (var key in keys)
        {
            for (var pass = 0; pass < Passes; pass++)
            {
                counts[pass * Buckets + (int)((key >> (pass * DigitBits)) & (Buckets - 1))]++;
            }
        }
        var from = keys;
        var to = keysScratch;
        var fromItems = items;
        var toItems = itemsScratch;
        for (var pass = 0; pass < Passes; pass++)
        {
            var count = counts.Slice(pass * Buckets, Buckets);
            if (count.Contains(n))
            {
                continue; // every key has this digit: the pass would move nothing
            }
            var sum = 0;
            for (var b = 0; b < Buckets; b++)
            {
                offsets[b] = sum;
                sum += count[b];
            }
            var shift = pass * DigitBits;
            for (var i = 0; i < n; i++)
            {
                var key = from[i];
                var target = offsets[(int)((key >> shift) & (Buckets - 1))]++;
                to[target] = key;
                if (withItems)
                {
                    toItems[target] = fromItems[i];
                }
            }
            var swap = from;
            from = to;
            to = swap;
            var swapItems = fromItems;
            fromItems = toItems;
            toItems = swapItems;
        }
        return from;
    }
}
