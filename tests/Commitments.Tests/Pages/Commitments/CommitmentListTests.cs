using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;

namespace Commitments.Tests.Pages.Commitments;

/// <summary>The list tells the partner what needs it: the lead's comment on a returned commitment, co-partners that have not confirmed.</summary>
public sealed class CommitmentListTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private static AngleSharp.Dom.IElement Row(AngleSharp.Html.Dom.IHtmlDocument page, string title) =>
        page.QuerySelectorAll("tbody tr").Single(tr => tr.QuerySelector("td a")!.TextContent == title);

    [Fact]
    public async Task A_returned_commitment_shows_the_leads_comment_in_the_list()
    {
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        var page = await limburg.PageAsync("/Commitments");

        var status = Row(page, "Leerwerkplaatsen Chemelot").QuerySelectorAll("td")[4];
        Assert.Equal("Teruggestuurd", status.QuerySelector(".status")!.TextContent);
        Assert.Equal("Opmerking landsdeeltrekker: Maak het doel concreet: hoeveel leerwerkplaatsen per jaar, en vanaf wanneer?",
            status.QuerySelector(".row-note")!.Text());
        Assert.Null(Row(page, "Docentenstages in de maakindustrie").QuerySelector(".row-note"));
    }

    [Fact]
    public async Task A_long_comment_is_shown_as_a_marked_excerpt_and_user_text_is_encoded()
    {
        var comment = "<b>Graag</b> aanpassen: " + string.Join(' ', Enumerable.Repeat("meer doelen per jaar", 20));
        var c = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool, c =>
        {
            c.Status = CommitmentStatus.Returned;
            c.ReturnComment = comment;
        });
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        var html = await (await limburg.GetAsync("/Commitments?Status=Returned")).Content.ReadAsStringAsync();

        var note = Row(TestBrowser.Parse(html), c.Title).QuerySelector(".row-note .user-text")!.TextContent;
        Assert.EndsWith(" …", note);
        Assert.StartsWith("<b>Graag</b> aanpassen: meer doelen per jaar", note);
        Assert.StartsWith(note[..^2], comment);
        Assert.InRange(note.Length, 80, 162);
        Assert.Contains("&lt;b&gt;Graag&lt;/b&gt;", html);
    }

    [Fact]
    public async Task Co_partners_that_have_not_confirmed_are_marked_in_the_list()
    {
        using var groningen = await app.SignInAsync(DemoAccounts.PartnerGroningen);

        var page = await groningen.PageAsync("/Commitments");

        Assert.Equal(["2 co-partner(s) niet bevestigd"],
            Row(page, "Warmtepompmonteurs opleiden").QuerySelectorAll(".row-note").Select(n => n.Text()).ToList());
        Assert.Null(Row(page, "Zij-instroom in de installatiesector").QuerySelector(".row-note"));
    }

    [Fact]
    public async Task The_list_still_reads_with_three_queries_for_a_partner_with_returned_and_shared_commitments()
    {
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        await limburg.PageAsync("/Commitments");

        app.SqlCommands.Reset();
        await limburg.PageAsync("/Commitments");

        Assert.Equal(3, app.SqlCommands.Count);
    }
}
