using Commitments.Web.Reporting;

namespace Commitments.Tests.Reporting;

/// <summary>How a text is stored in a cell: what XML cannot carry is escaped so that spreadsheets read back the original.</summary>
public sealed class CellTextTests
{
    [Theory]
    [InlineData("gewone tekst", "gewone tekst")]
    [InlineData("regel\r\nregel", "regel_x000D_\nregel")]
    [InlineData("stuur\u0001teken", "stuur_x0001_teken")]
    [InlineData("_x0041_", "_x005F_x0041_")]
    [InlineData("_x00zz_ blijft", "_x00zz_ blijft")]
    [InlineData("🚀", "🚀")]
    public void Text_is_escaped_the_way_spreadsheets_decode_it(string text, string stored) =>
        Assert.Equal(stored, SheetWriter.CellText(text));

    [Fact]
    public void A_lone_half_of_a_surrogate_pair_is_escaped_not_written_as_broken_xml() =>
        Assert.Equal("half _xD83D_ paar", SheetWriter.CellText("half " + (char)0xD83D + " paar"));

    [Fact]
    public void A_cut_never_splits_a_surrogate_pair()
    {
        var keep = XlsxStreamWriter.MaxCellText - XlsxStreamWriter.CutMarker.Length;
        var text = new string('a', keep - 1) + "🚀" + new string('b', 100);
        var stored = SheetWriter.CellText(text);
        Assert.Equal(new string('a', keep - 1) + XlsxStreamWriter.CutMarker, stored);
    }
}
