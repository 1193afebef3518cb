using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Commitments.Tests.Pages.Commitments;

namespace Commitments.Tests.Pages;

/// <summary>The overview (home page): what waits for the signed-in user.</summary>
public sealed class IndexTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    [Fact]
    public async Task A_partner_sees_its_returned_commitments_with_the_leads_comment_and_its_drafts()
    {
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        var page = await limburg.PageAsync("/");

        var returned = page.QuerySelector("section[aria-labelledby=returned]")!;
        Assert.Equal("Teruggestuurd door de landsdeeltrekker", returned.QuerySelector("h2")!.TextContent);
        var item = returned.QuerySelector("li")!;
        Assert.Equal("Leerwerkplaatsen Chemelot", item.QuerySelector("a")!.TextContent);
        Assert.StartsWith("/Commitments/Details/", item.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("Opmerking: Maak het doel concreet: hoeveel leerwerkplaatsen per jaar, en vanaf wanneer?", item.QuerySelector("p")!.Text());

        var drafts = page.QuerySelector("section[aria-labelledby=drafts]")!;
        Assert.Contains("Open dagen techniek 2019 (concept)", drafts.QuerySelectorAll("li a").Select(a => a.TextContent));
        Assert.Equal("Er wachten geen verzoeken op uw antwoord.", page.QuerySelector("section[aria-labelledby=requests] p")!.TextContent);
        Assert.NotNull(page.QuerySelector("main table caption")); // the counts per status stay
    }

    [Fact]
    public async Task A_partner_sees_the_co_partner_requests_waiting_for_its_answer_with_buttons()
    {
        var revision = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool, c =>
        {
            c.Status = CommitmentStatus.Draft;
            c.ApprovedRevision = 1;
            c.Revision = 2;
        });
        using var drenthe = await app.SignInAsync(DemoAccounts.PartnerDrenthe);
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        var page = await drenthe.PageAsync("/");

        var requests = page.QuerySelector("section[aria-labelledby=requests]")!;
        var item = requests.QuerySelectorAll("li").Single(li => li.QuerySelector("a")!.TextContent == "Warmtepompmonteurs opleiden");
        Assert.Equal("Penvoerder Noordelijke Installatietechniek B.V. noemt uw organisatie als co-partner, met een aandeel van 20%.", item.QuerySelector("p")!.Text());
        Assert.Equal(["Bevestigen", "Afwijzen"], item.QuerySelectorAll("button").Select(b => b.Text()).ToList());
        Assert.Equal("Bevestigen: Warmtepompmonteurs opleiden", item.QuerySelector("button")!.GetAttribute("aria-label"));
        Assert.EndsWith("handler=Confirm", item.QuerySelector("form")!.GetAttribute("action"));
        Assert.NotNull(item.QuerySelector("form input[name=__RequestVerificationToken]"));
        // Its own commitments are not requests.
        Assert.DoesNotContain("Energietransitie in het mbo: 120 stageplaatsen", requests.TextContent);

        var drafts = (await limburg.PageAsync("/")).QuerySelector("section[aria-labelledby=drafts]")!;
        Assert.Contains($"{revision.Title} (revisie 2)", drafts.QuerySelectorAll("li").Select(li => li.Text()));
    }

    [Fact]
    public async Task A_regional_lead_gets_links_to_its_review_queue_and_region_overview()
    {
        using var noord = await app.SignInAsync(DemoAccounts.TrekkerNoord);

        var page = await noord.PageAsync("/");

        Assert.Equal(["/Reviews", "/Regions/Overview"], page.QuerySelectorAll("main ul.links a").Select(a => a.GetAttribute("href")).ToList());
        Assert.Null(page.QuerySelector("section[aria-labelledby=returned]"));
        Assert.Equal("Landsdeel Noord", page.QuerySelector("main p strong")!.TextContent);
        Assert.NotEmpty(page.QuerySelectorAll("main table tbody tr"));
    }

    [Fact]
    public async Task A_ministry_sees_the_national_dashboard_and_none_of_a_partners_lists()
    {
        using var ocw = await app.SignInAsync(DemoAccounts.Ocw);

        var page = await ocw.PageAsync("/");

        Assert.Empty(page.QuerySelectorAll("section[aria-labelledby=returned], section[aria-labelledby=requests], section[aria-labelledby=drafts], main ul.links"));
        Assert.NotNull(page.QuerySelector("main form.dashboard-filters"));
        Assert.Equal(["Concept", "Ingediend", "Teruggestuurd", "Goedgekeurd", "Ingetrokken", "Totaal"],
            page.QuerySelectorAll("section[aria-labelledby=per-region] thead th").Skip(1).Select(th => th.TextContent).ToList());
    }

    [Fact]
    public async Task The_overview_is_English_after_switching()
    {
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        await limburg.SwitchLanguageAsync();

        var page = await limburg.PageAsync("/");

        Assert.Equal(["What you still have to report", "Returned by the regional lead", "Requests to be co-partner", "Your drafts", "Your commitments by status"],
            page.QuerySelectorAll("main h2").Select(h => h.TextContent).ToList());
        await limburg.SwitchLanguageAsync("nl-NL"); // the choice is stored on the account: back to Dutch for the other tests
    }
}
