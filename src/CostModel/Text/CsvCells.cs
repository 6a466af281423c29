using System.Globalization;

namespace Planner.CostModel.Text;

/// <summary>
/// Neutralises CSV formula injection for every CSV the product writes (docs/security.md, "CSV formula injection"): a
/// text cell that starts with = + - @ tab or carriage return is opened by spreadsheets as a formula
/// (<c>=HYPERLINK(...)</c>, <c>=cmd|' /C calc'!A0</c>), so it is written with a leading apostrophe, as OWASP advises.
/// Numbers stay numbers: "-12.5" and "1E+30" are written as they are.
/// </summary>
public static class CsvCells
{
    private const char Neutraliser = '\'';

    /// <summary>The cell as it is safe to write.</summary>
    public static string Neutralise(string? cell)
    {
        if (string.IsNullOrEmpty(cell) || !StartsLikeFormula(cell) || IsNumber(cell))
        {
            return cell ?? "";
        }
        return Neutraliser + cell;
    }

    /// <summary>Undoes <see cref="Neutralise"/> for a CSV the product reads back (a catalog exported, edited and imported).</summary>
    public static string Restore(string cell) =>
        cell.Length > 1 && cell[0] == Neutraliser && StartsLikeFormula(cell.AsSpan(1)) ? cell[1..] : cell;

    private static bool StartsLikeFormula(ReadOnlySpan<char> cell) => cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    private static bool IsNumber(string cell) =>
        double.TryParse(cell, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out _);
}
