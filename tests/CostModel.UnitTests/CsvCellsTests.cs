using Planner.CostModel.Text;

namespace Planner.CostModel.UnitTests;

/// <summary>CSV formula injection is neutralised with a leading apostrophe; numbers and ordinary text are left alone.</summary>
public class CsvCellsTests
{
    [Theory]
    [InlineData("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0")]
    [InlineData("=HYPERLINK(\"http://evil\",\"x\")", "'=HYPERLINK(\"http://evil\",\"x\")")]
    [InlineData("+SUM(1,2)", "'+SUM(1,2)")]
    [InlineData("@SUM(1,2)", "'@SUM(1,2)")]
    [InlineData("-1+2", "'-1+2")]
    [InlineData("\tstart", "'\tstart")]
    [InlineData("\rstart", "'\rstart")]
    public void A_cell_that_starts_like_a_formula_gets_a_leading_apostrophe(string cell, string written)
    {
        Assert.Equal(written, CsvCells.Neutralise(cell));
        Assert.Equal(cell, CsvCells.Restore(CsvCells.Neutralise(cell)));
    }

    [Theory]
    [InlineData("-12.5")]
    [InlineData("-1E+30")]
    [InlineData("+3")]
    [InlineData("1E+30")]
    [InlineData("H100 SXM")]
    [InlineData("'quoted'")]
    [InlineData("")]
    public void Numbers_and_ordinary_text_are_written_as_they_are(string cell)
    {
        Assert.Equal(cell, CsvCells.Neutralise(cell));
        Assert.Equal(cell, CsvCells.Restore(cell));
    }
}
