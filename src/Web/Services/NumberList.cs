using System.Globalization;

namespace Planner.Web.Services;

/// <summary>
/// A list of numbers as a person types or pastes it into one box: separated by commas, semicolons, spaces, tabs or line
/// breaks (a column copied from a spreadsheet works), written with a point for decimals whatever the interface
/// language, as the number fields take them. Only the reading is here; what the numbers may be is the validator's.
/// </summary>
public static class NumberList
{
    private static readonly char[] Separators = [',', ';', ' ', '\t', '\r', '\n'];

    /// <summary>The numbers in <paramref name="text"/>, or the first piece that is not a finite number.</summary>
    public static (IReadOnlyList<double>? Numbers, string? NotANumber) Parse(string? text)
    {
        var numbers = new List<double>();
        foreach (var piece in (text ?? "").Split(Separators, StringSplitOptions.RemoveEmptyEntries))
        {
            if (!double.TryParse(piece, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                return (null, piece.Length <= 40 ? piece : piece[..40] + "…");
            }
            numbers.Add(value);
        }
        return (numbers, null);
    }

    /// <summary>The numbers as <see cref="Parse"/> reads them back: "0.01, 0.02, 0.04".</summary>
    public static string Format(IEnumerable<double> numbers) =>
        string.Join(", ", numbers.Select(n => n.ToString("R", CultureInfo.InvariantCulture)));
}
