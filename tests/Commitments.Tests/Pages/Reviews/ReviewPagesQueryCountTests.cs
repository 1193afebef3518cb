using System.Net;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Pages.Reviews;

/// <summary>
/// The lead's pages read with a fixed number of queries, however long the queue, however many
/// organisations the region has and however many indicators and co-partners a commitment carries.
/// </summary>
public sealed class ReviewPagesQueryCountTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private async Task<int> CommandsForAsync(TestBrowser browser, string url)
    {
        app.SqlCommands.Reset();
        var response = await browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return app.SqlCommands.Count;
    }

    [Fact]
    public async Task Queue_region_overview_and_review_page_use_the_same_few_queries_for_a_few_or_many_rows()
    {
        using var lead = await app.SignInAsync(DemoAccounts.TrekkerNoord);
        var small = await ReviewTestData.SubmittedAsync(app, DemoAccounts.Drenthe, "Eén indicator, geen co-partners");
        var fewQueue = await CommandsForAsync(lead, "/Reviews");
        var fewOverview = await CommandsForAsync(lead, "/Regions/Overview");
        var fewReview = await CommandsForAsync(lead, $"/Reviews/Review/{small.Id}");

        // Sixty more organisations in Noord, each with a commitment in review and a draft; one
        // commitment with twelve indicators and five co-partners.
        var large = await GrowNoordAsync(organizations: 60);

        var manyQueue = await CommandsForAsync(lead, "/Reviews");
        var manyOverview = await CommandsForAsync(lead, "/Regions/Overview");
        var manyReview = await CommandsForAsync(lead, $"/Reviews/Review/{large}");
        var secondPage = await CommandsForAsync(lead, "/Reviews?pagina=2");

        // After a change (the first view, and the view after the growth) the counts are computed: the
        // data version, commitments and progress updates (a count and a page each), and the waiting
        // count in the navigation. Unchanged data (the second page) takes the counts from the cache.
        Assert.Equal(fewQueue, manyQueue);
        Assert.Equal(6, manyQueue);
        Assert.Equal(4, secondPage);
        Assert.Equal(fewOverview, manyOverview);
        Assert.InRange(manyOverview, 1, 8);
        Assert.Equal(fewReview, manyReview);
        Assert.InRange(manyReview, 1, 10);

        // The queue pages in the database: 50 rows, and the rest on the next page.
        var (_, page) = await lead.GetPageAsync("/Reviews");
        Assert.Equal(50, page.QuerySelectorAll("tbody tr").Length);
        Assert.Contains("Pagina 1 van 2", page.QuerySelector("main nav")!.TextContent);
    }

    [Fact]
    public async Task A_revision_needs_at_most_one_query_more_for_its_changes()
    {
        await using var db = app.CreateAdminDbContext();
        var revision = await db.Commitments.Where(c => c.Status == CommitmentStatus.Submitted && c.ApprovedRevision != null && c.Organization!.Region!.Code == "noord").Select(c => c.Id).FirstAsync();
        var fresh = await db.Commitments.Where(c => c.Status == CommitmentStatus.Submitted && c.ApprovedRevision == null && c.Organization!.Region!.Code == "noord").Select(c => c.Id).FirstAsync();
        using var lead = await app.SignInAsync(DemoAccounts.TrekkerNoord);

        var forRevision = await CommandsForAsync(lead, $"/Reviews/Review/{revision}");
        var forFresh = await CommandsForAsync(lead, $"/Reviews/Review/{fresh}");

        Assert.Equal(forFresh + 1, forRevision);
    }

    private async Task<int> GrowNoordAsync(int organizations)
    {
        await using var db = app.CreateAdminDbContext();
        var noord = await db.Regions.Include(r => r.Provinces).SingleAsync(r => r.Code == "noord");
        var cycle = await db.ReportingCycles.OrderByDescending(c => c.Year).FirstAsync();
        var themes = await db.Themes.OrderBy(t => t.SortOrder).ToListAsync();
        var now = app.Time.GetUtcNow().UtcDateTime;
        var added = Enumerable.Range(1, organizations).Select(n => new Organization
        {
            Name = $"Testbedrijf {n:000} B.V.", Type = OrganizationType.Business, RegionId = noord.Id, ProvinceId = noord.Provinces[n % noord.Provinces.Count].Id,
        }).ToList();
        db.Organizations.AddRange(added);
        await db.SaveChangesAsync();

        Commitment Smart(Organization org, string title, int indicators) => new()
        {
            OrganizationId = org.Id, ReportingCycleId = cycle.Id, Title = title, EndDate = new DateOnly(2020, 12, 31), BudgetEuros = 1_000m,
            Themes = themes.Take(1 + indicators % themes.Count).ToList(),
            Indicators = Enumerable.Range(0, indicators).Select(i => new Indicator
            {
                Name = $"indicator {i}", Unit = "aantal", Baseline = 0, Target = 10 + i, TargetDate = new DateOnly(2020, 12, 31), SortOrder = i,
            }).ToList(),
        };
        foreach (var (org, n) in added.Select((o, n) => (o, n)))
        {
            var inReview = Smart(org, $"Toezegging {n:000}", 1);
            inReview.Submit(now.AddDays(-n));
            db.Commitments.AddRange(inReview, Smart(org, $"Concept {n:000}", 0));
        }
        var large = Smart(added[0], "Twaalf indicatoren en vijf co-partners", 12);
        large.LeadSharePercent = 50;
        large.CoPartners = added.Skip(1).Take(5).Select(o => new CommitmentCoPartner { OrganizationId = o.Id, SharePercent = 10 }).ToList();
        large.Submit(now);
        db.Commitments.Add(large);
        await db.SaveChangesAsync();
        return large.Id;
    }
}
