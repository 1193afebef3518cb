using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Commitments.Web;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Pages.Reviews;

/// <summary>"Te beoordelen": what waits for a regional lead, and who sees which queue.</summary>
public sealed class ReviewQueueTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private sealed record QueueRow(string Organization, string Title, string Href, string? Revision, string Submitted, string Age);

    private static List<QueueRow> Rows(IHtmlDocument page) =>
        page.QuerySelectorAll("main table tbody tr").Select(tr =>
        {
            var cells = tr.QuerySelectorAll("td").ToList();
            var link = cells[1].QuerySelector("a")!;
            return new QueueRow(cells[0].TextContent, link.TextContent, link.GetAttribute("href")!,
                cells[1].QuerySelector(".revision")?.TextContent, cells[^2].TextContent, cells[^1].TextContent);
        }).ToList();

    private DateOnly Today => DateOnly.FromDateTime(AmsterdamTime.Now(app.Time));

    [Fact]
    public async Task The_lead_of_Noord_sees_the_submitted_commitments_of_its_region_oldest_first_with_date_and_age()
    {
        await using var db = app.CreateAdminDbContext();
        var expected = await db.Commitments.AsNoTracking()
            .Where(c => c.Status == CommitmentStatus.Submitted && c.Organization!.Region!.Code == "noord")
            .OrderBy(c => c.SubmittedAt)
            .Select(c => new { c.Id, c.Title, Organization = c.Organization!.Name, c.SubmittedAt, c.Revision, c.ApprovedRevision })
            .ToListAsync();
        Assert.True(expected.Count >= 3, "the demo data puts work in Noord's queue");
        Assert.Contains(expected, c => c.Organization == DemoAccounts.Drenthe);
        Assert.Contains(expected, c => c.Organization == DemoAccounts.GroningenBusiness);
        Assert.Contains(expected, c => c.ApprovedRevision != null);

        using var lead = await app.SignInAsync(DemoAccounts.TrekkerNoord);
        var (response, page) = await lead.GetPageAsync("/Reviews");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Te beoordelen", page.QuerySelector("h1")!.TextContent);
        Assert.Equal($"{expected.Count} toezegging(en) wachten op beoordeling.", page.QuerySelector("p[role=status]")!.TextContent);
        Assert.Equal(["Partner", "Titel", "Ingediend op", "Leeftijd in dagen"], page.QuerySelectorAll("thead th").Select(th => th.TextContent));
        var rows = Rows(page);
        Assert.Equal(expected.Select(c => c.Title), rows.Select(r => r.Title));
        Assert.Equal(expected.Select(c => c.Organization), rows.Select(r => r.Organization));
        Assert.Equal(expected.Select(c => $"/Reviews/Review/{c.Id}"), rows.Select(r => r.Href));
        Assert.Equal(expected.Select(c => c.ApprovedRevision != null ? $"revisie {c.Revision}" : null), rows.Select(r => r.Revision));
        var submittedDays = expected.Select(c => DateOnly.FromDateTime(AmsterdamTime.ToAmsterdam(c.SubmittedAt!.Value))).ToList();
        Assert.Equal(submittedDays.Select(d => d.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture)), rows.Select(r => r.Submitted));
        Assert.Equal(submittedDays.Select(d => (Today.DayNumber - d.DayNumber).ToString(CultureInfo.InvariantCulture)), rows.Select(r => r.Age));

        // The navigation shows how many wait.
        Assert.Contains(page.QuerySelectorAll("nav.main-nav a").Select(a => a.TextContent), t => t == $"Te beoordelen ({expected.Count})");
    }

    [Fact]
    public async Task Age_in_days_follows_the_Amsterdam_calendar_and_a_new_submission_goes_to_the_end()
    {
        var fresh = await ReviewTestData.SubmittedAsync(app, "Gemeente Emmen", "Technieklokaal in Emmen-Centrum", daysAgo: 0);
        using var lead = await app.SignInAsync(DemoAccounts.TrekkerNoord);

        var rows = Rows((await lead.GetPageAsync("/Reviews")).Document);

        var last = rows[^1];
        Assert.Equal("Technieklokaal in Emmen-Centrum", last.Title);
        Assert.Equal("0", last.Age);
        Assert.Equal(Today.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture), last.Submitted);
        Assert.Null(last.Revision);
        Assert.Equal($"/Reviews/Review/{fresh.Id}", last.Href);
    }

    [Fact]
    public async Task The_lead_of_another_region_sees_none_of_Noords_queue_and_cannot_open_its_review_page()
    {
        await using var db = app.CreateAdminDbContext();
        var noord = await db.Commitments.Where(c => c.Status == CommitmentStatus.Submitted && c.Organization!.Region!.Code == "noord")
            .Select(c => new { c.Id, c.Title, c.Version }).ToListAsync();
        var zuid = await db.Commitments.Where(c => c.Status == CommitmentStatus.Submitted && c.Organization!.Region!.Code == "zuid")
            .Select(c => c.Title).ToListAsync();
        using var lead = await app.SignInAsync(DemoAccounts.TrekkerZuid);

        var rows = Rows((await lead.GetPageAsync("/Reviews")).Document);

        Assert.Equal(zuid.Order(), rows.Select(r => r.Title).Order());
        Assert.DoesNotContain(rows, r => noord.Any(n => n.Title == r.Title));
        foreach (var c in noord)
        {
            var response = await lead.GetAsync($"/Reviews/Review/{c.Id}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain(c.Title, await response.Content.ReadAsStringAsync());
            var approve = await lead.PostFormAsync($"/Reviews/Review/{c.Id}?handler=Approve", ReviewTestData.Decision(c.Version), tokenFrom: "/Reviews");
            Assert.Equal(HttpStatusCode.NotFound, approve.StatusCode);
        }
        await using var check = app.CreateAdminDbContext();
        Assert.All(await check.Commitments.Where(c => noord.Select(n => n.Id).Contains(c.Id)).ToListAsync(),
            c => Assert.Equal(CommitmentStatus.Submitted, c.Status));
    }

    [Fact]
    public async Task An_administrator_sees_the_queue_of_every_region_with_the_region_named()
    {
        await using var db = app.CreateAdminDbContext();
        var all = await db.Commitments.CountAsync(c => c.Status == CommitmentStatus.Submitted);
        using var admin = await app.SignInAsync(DemoAccounts.Admin);

        var (_, page) = await admin.GetPageAsync("/Reviews");

        Assert.Equal(["Partner", "Titel", "Landsdeel", "Ingediend op", "Leeftijd in dagen"], page.QuerySelectorAll("thead th").Select(th => th.TextContent));
        var regions = page.QuerySelectorAll("tbody tr td:nth-child(3)").Select(td => td.TextContent).Distinct().Order().ToList();
        Assert.Equal(["Noord", "Zuid"], regions);
        Assert.Equal(all, page.QuerySelectorAll("tbody tr").Length);
        // The administrator's navigation links to the queue, without the count (that query is the leads' only).
        Assert.Contains(page.QuerySelectorAll("nav.main-nav a").Select(a => a.TextContent), t => t == "Te beoordelen");
    }

    [Theory]
    [InlineData("/Reviews")]
    [InlineData("/Reviews/Review/1")]
    [InlineData("/Regions/Overview")]
    public async Task Anonymous_visitors_are_sent_to_the_login_page(string url)
    {
        using var anonymous = app.Anonymous();
        Assert.True(TestBrowser.IsRedirectToLogin(await anonymous.GetAsync(url)), url);
    }

    [Theory]
    [InlineData(DemoAccounts.PartnerDrenthe)]
    [InlineData(DemoAccounts.Ocw)]
    public async Task Partners_and_ministries_have_no_review_queue(string account)
    {
        using var browser = await app.SignInAsync(account);

        Assert.True(TestBrowser.IsAccessDenied(await browser.GetAsync("/Reviews")));
        var (_, start) = await browser.GetPageAsync("/");
        Assert.DoesNotContain(start.QuerySelectorAll("nav.main-nav a").Select(a => a.TextContent), t => t.StartsWith("Te beoordelen", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/Reviews?pagina=0")]
    [InlineData("/Reviews?pagina=-5")]
    [InlineData("/Reviews?pagina=99999999999")]
    [InlineData("/Reviews?pagina=%3Cscript%3E")]
    public async Task Odd_page_numbers_show_a_page_of_the_queue(string url)
    {
        using var lead = await app.SignInAsync(DemoAccounts.TrekkerNoord);
        var (response, page) = await lead.GetPageAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(Rows(page));
    }

    [Fact]
    public async Task In_English_the_queue_is_English_with_English_dates()
    {
        using var lead = await app.SignInAsync(DemoAccounts.TrekkerNoord);
        await lead.PostFormAsync("/Culture", [new("culture", "en-GB"), new("returnUrl", "/Reviews")], tokenFrom: "/Reviews");

        try
        {
            var (_, page) = await lead.GetPageAsync("/Reviews");

            Assert.Equal("To review", page.QuerySelector("h1")!.TextContent);
            Assert.Equal(["Partner", "Title", "Submitted on", "Age in days"], page.QuerySelectorAll("thead th").Select(th => th.TextContent));
            Assert.Contains(Rows(page), r => r.Revision is { } rev && rev.StartsWith("revision ", StringComparison.Ordinal));
            Assert.All(Rows(page), r => Assert.Matches(@"^\d{2}/\d{2}/\d{4}$", r.Submitted));
            Assert.Contains(page.QuerySelectorAll("nav.main-nav a").Select(a => a.TextContent), t => t.StartsWith("To review (", StringComparison.Ordinal));
            Assert.Contains("Region", page.QuerySelectorAll("nav.main-nav a").Select(a => a.TextContent));

            var revision = page.QuerySelectorAll("tbody tr").First(tr => tr.QuerySelector(".revision") != null).QuerySelector("a")!.GetAttribute("href")!;
            var (_, review) = await lead.GetPageAsync(revision);
            Assert.Equal("en", review.DocumentElement.GetAttribute("lang"));
            Assert.Equal(["Partners and shares", "Indicators", "Changed since approved revision 1", "Earlier reviews", "Your decision"],
                review.QuerySelectorAll("h2").Select(h => h.TextContent));
            Assert.Equal(["Approve", "Return"], review.QuerySelectorAll("main form button").Select(b => b.TextContent));
            Assert.Equal(["Lead partner", "Reporting year", "Submitted on", "Themes", "Duration", "Budget", "In kind", "Contact person", "Description"],
                review.QuerySelectorAll("dl.facts dt").Select(dt => dt.TextContent));
            Assert.Contains("Confirmed", review.QuerySelector("main table tbody")!.TextContent);
        }
        finally
        {
            // Back to Dutch for the other tests of this class: the choice is kept on the account.
            await lead.PostFormAsync("/Culture", [new("culture", "nl-NL"), new("returnUrl", "/")], tokenFrom: "/");
        }
    }
}
