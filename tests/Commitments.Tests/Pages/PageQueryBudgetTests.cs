using System.Net;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Commitments.Tests.Pages.Progress;

namespace Commitments.Tests.Pages;

/// <summary>
/// Every main page reads with a fixed, small number of SQL statements, for a landsdeel with a few
/// commitments and for one with ten times as many (docs/performance.md, "Queries per page"): a page
/// whose count grew with the data would be a round trip per row, which the national scale makes slow
/// long before a test with demo data notices.
/// </summary>
public sealed class PageQueryBudgetTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private const int Small = 3;
    private const int Growth = 10;

    /// <summary>
    /// Of every kind a page shows, <paramref name="count"/> more in the world's landsdeel: approved
    /// commitments with a submitted progress update (the lead's progress reviews), approved ones without
    /// an update (not reported), submitted commitments (the review queue), returned ones with a comment,
    /// drafts, and commitments of the other organisation with the partner as a co-partner that has not answered.
    /// </summary>
    private static async Task AddAsync(ProgressWorld world, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var reported = await world.CommitmentAsync($"Gerapporteerd {i} {Guid.NewGuid():N}");
            await world.UpdateAsync(reported.Id, ProgressUpdateStatus.Submitted, value: 5);
        }
        await using var db = world.Admin();
        for (var i = 0; i < count; i++)
        {
            db.Commitments.AddRange(
                New(world, "Niet gerapporteerd", CommitmentStatus.Approved),
                New(world, "Ter beoordeling", CommitmentStatus.Submitted),
                New(world, "Teruggestuurd", CommitmentStatus.Returned, c => c.ReturnComment = "Maak het doel concreet."),
                New(world, "Concept", CommitmentStatus.Draft),
                New(world, "Gedeeld", CommitmentStatus.Approved, c =>
                {
                    c.OrganizationId = world.OtherOrganizationId;
                    c.CoPartners.Add(new CommitmentCoPartner { OrganizationId = world.PartnerOrganizationId, SharePercent = 20 });
                }));
        }
        await db.SaveChangesAsync();
    }

    private static Commitment New(ProgressWorld world, string title, CommitmentStatus status, Action<Commitment>? change = null)
    {
        var c = new Commitment
        {
            OrganizationId = world.PartnerOrganizationId,
            ReportingCycleId = world.CycleId,
            Title = $"{title} {Guid.NewGuid():N}",
            Status = status,
            EndDate = new DateOnly(2092, 12, 31),
            BudgetEuros = 1000m,
            ApprovedRevision = status == CommitmentStatus.Approved ? 1 : null,
            Indicators = [new Indicator { Name = "stageplaatsen", Unit = "aantal", Baseline = 0, Target = 100, TargetDate = new DateOnly(2092, 12, 31) }],
        };
        change?.Invoke(c);
        return c;
    }

    private async Task<int> CommandsForAsync(TestBrowser browser, string url)
    {
        await browser.GetAsync(url); // warm: the first request of a kind may read the culture, caches
        app.SqlCommands.Reset();
        var response = await browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return app.SqlCommands.Count;
    }

    /// <summary>The statement count of the page for the world's account, with a few of everything and with ten times as many.</summary>
    private async Task<(int Small, int Large)> CountAsync(Func<ProgressWorld, string> account, Func<ProgressWorld, TestBrowser, Task<string>> url,
        int few = Small)
    {
        var world = await ProgressWorld.CreateAsync(app);
        await AddAsync(world, few);
        using var browser = await app.SignInAsync(account(world));
        var small = await CommandsForAsync(browser, await url(world, browser));
        await AddAsync(world, few * Growth - few);
        var large = await CommandsForAsync(browser, await url(world, browser));
        return (small, large);
    }

    private static Func<ProgressWorld, TestBrowser, Task<string>> Fixed(string url) => (_, _) => Task.FromResult(url);

    [Fact]
    public async Task The_overview_of_a_partner_and_of_a_lead_does_not_grow_with_the_data()
    {
        var partner = await CountAsync(w => w.PartnerEmail, Fixed("/"));
        var lead = await CountAsync(w => w.LeadEmail, Fixed("/"));

        Assert.Equal(partner.Small, partner.Large);
        Assert.Equal(lead.Small, lead.Large);
        // The overview is the role's dashboard. A lead's figures come from the cache while the data is
        // unchanged (ADR-0022; this second request finds them there): reference data, the data version
        // and the navigation's review count. Computing them is guarded in DashboardQueryCountTests.
        // A partner's has a query per list (ADR-0020), more than 6, but fixed whatever the data size.
        Assert.InRange(partner.Large, 1, 9);
        Assert.InRange(lead.Large, 1, 6);
    }

    [Fact]
    public async Task The_filtered_commitment_list_does_not_grow_with_the_data()
    {
        var partner = await CountAsync(w => w.PartnerEmail, Fixed("/Commitments?Status=Approved&Search=rapporteerd"));
        var lead = await CountAsync(w => w.LeadEmail, Fixed("/Commitments?Status=Submitted"));

        Assert.Equal(partner.Small, partner.Large);
        Assert.Equal(lead.Small, lead.Large);
        Assert.InRange(partner.Large, 1, 3); // data version (the count is kept by it, ListCounts), page, themes of the page
        Assert.InRange(lead.Large, 1, 4); // and the navigation's review count
    }

    [Fact]
    public async Task A_deep_page_of_the_list_reached_through_its_links_does_not_grow_with_the_data()
    {
        // The lead's list has 54 commitments in the small world and 540 in the large one (pages of 50):
        // follow "Volgende" to the last page, page 2 and page 11.
        var counts = await CountAsync(w => w.LeadEmail, async (_, browser) =>
        {
            var url = "/Commitments";
            while ((await browser.GetPageAsync(url)).Document.QuerySelectorAll("nav a").FirstOrDefault(a => a.TextContent == "Volgende") is { } next)
            {
                url = next.GetAttribute("href")!;
            }
            Assert.Contains("na=", url);
            return url;
        }, few: 9);

        Assert.Equal(counts.Small, counts.Large);
        // data version (the count is kept by it), the anchor's title, page, themes of the page, and the navigation's review count of a lead
        Assert.InRange(counts.Large, 1, 5);
    }

    [Fact]
    public async Task The_review_queue_does_not_grow_with_the_data()
    {
        var lead = await CountAsync(w => w.LeadEmail, Fixed("/Reviews"));

        Assert.Equal(lead.Small, lead.Large);
        Assert.InRange(lead.Large, 1, 6);
    }

    [Fact]
    public async Task Who_has_not_reported_does_not_grow_with_the_data()
    {
        var lead = await CountAsync(w => w.LeadEmail, Fixed("/Progress/NotReported"));
        var ministry = await CountAsync(_ => DemoAccounts.Ocw, Fixed("/Progress/NotReported"));

        Assert.Equal(lead.Small, lead.Large);
        Assert.Equal(ministry.Small, ministry.Large);
        Assert.InRange(lead.Large, 1, 6);
        Assert.InRange(ministry.Large, 1, 6);
    }

    [Fact]
    public async Task A_commitments_page_does_not_grow_with_the_partners_data()
    {
        var first = 0;
        var partner = await CountAsync(w => w.PartnerEmail, async (w, _) =>
        {
            if (first == 0)
            {
                first = (await w.CommitmentAsync("Vast", indicators: [("leerlingen", 0m, 50m), ("docenten", 0m, 5m)])).Id;
                await w.UpdateAsync(first, ProgressUpdateStatus.Submitted, value: 3);
            }
            return $"/Commitments/Details/{first}";
        });

        Assert.Equal(partner.Small, partner.Large);
        // The commitment and its five parts (split query), and its history with its reviews (one UNION ALL).
        Assert.InRange(partner.Large, 1, 6);
    }

    [Fact]
    public async Task The_progress_pages_do_not_grow_with_the_data()
    {
        var commitment = 0;
        var update = 0;
        async Task<string> Url(ProgressWorld w, string page)
        {
            if (commitment == 0)
            {
                commitment = (await w.CommitmentAsync("Voortgang")).Id;
                update = (await w.UpdateAsync(commitment, ProgressUpdateStatus.Submitted, value: 3)).Id;
            }
            return page == "review" ? $"/Progress/Review/{update}" : $"/Progress/{page}/{commitment}";
        }

        var form = await CountAsync(w => w.PartnerEmail, (w, _) => Url(w, "Update"));
        commitment = 0;
        var history = await CountAsync(w => w.PartnerEmail, (w, _) => Url(w, "History"));
        commitment = 0;
        var review = await CountAsync(w => w.LeadEmail, (w, _) => Url(w, "review"));

        Assert.Equal(form.Small, form.Large);
        Assert.Equal(history.Small, history.Large);
        Assert.Equal(review.Small, review.Large);
        Assert.InRange(history.Large, 1, 6);
        Assert.InRange(form.Large, 1, 10);
        Assert.InRange(review.Large, 1, 10);
    }
}
