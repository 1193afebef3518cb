using Commitments.Web.Evidence;

namespace Commitments.Tests.Evidence;

/// <summary>The name an evidence file is offered under: as uploaded, minus what could do harm, with an honest ending.</summary>
public sealed class EvidenceFileNameTests
{
    [Theory]
    [InlineData("Jaarverslag 2018 – définitief (v2).pdf", "Jaarverslag 2018 – définitief (v2).pdf")]
    [InlineData("C:\\Users\\jan\\Documents\\verslag.pdf", "verslag.pdf")]
    [InlineData("../../etc/passwd.pdf", "passwd.pdf")]
    [InlineData("a\"b\r\nSet-Cookie: x=1.pdf", "a\"bSet-Cookie: x=1.pdf")]
    [InlineData("rapport\u202Efdp.exe.pdf", "rapportfdp.exe.pdf")]
    [InlineData("  .verborgen.pdf. ", "verborgen.pdf")]
    [InlineData("", "bewijsstuk.pdf")]
    [InlineData("\r\n", "bewijsstuk.pdf")]
    [InlineData("verslag", "verslag.pdf")]
    [InlineData("verslag.PDF", "verslag.PDF")]
    [InlineData("verslag.html", "verslag.html.pdf")]
    [InlineData("=HYPERLINK(1).pdf", "=HYPERLINK(1).pdf")]
    public void A_PDF_is_offered_under_the_name_it_was_uploaded_with_cleaned(string uploaded, string offered) =>
        Assert.Equal(offered, EvidenceFileName.For(uploaded, EvidenceFileTypes.Pdf));

    [Fact]
    public void Both_JPEG_endings_are_kept_and_a_wrong_one_gets_the_right_one_added()
    {
        Assert.Equal("foto.jpeg", EvidenceFileName.For("foto.jpeg", EvidenceFileTypes.Jpeg));
        Assert.Equal("foto.jpg", EvidenceFileName.For("foto.jpg", EvidenceFileTypes.Jpeg));
        Assert.Equal("foto.png.jpg", EvidenceFileName.For("foto.png", EvidenceFileTypes.Jpeg));
    }

    [Fact]
    public void A_name_longer_than_the_column_loses_its_middle_and_keeps_its_ending()
    {
        var name = EvidenceFileName.For(new string('a', 300) + "🚀.xlsx", EvidenceFileTypes.Xlsx);

        Assert.Equal(255, name.Length);
        Assert.EndsWith("…" + ".xlsx", name);
        Assert.StartsWith("aaaa", name);
    }
}
