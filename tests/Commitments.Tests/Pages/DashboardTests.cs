using System.Net;
using AngleSharp.Html.Dom;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Commitments.Tests.Pages.Commitments;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Pages;

/// <summary>
/// The start page as each role's dashboard: the figures the report uses (attribution of budgets,
/// statuses), filters through the address that can only narrow what the user may see, and no
/// address that gives an error.
/// </summary>
public sealed class DashboardTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    /// <summary>The rows of the table beside a section's chart: row header → the cells' text.</summary>
    private static Dictionary<string, List<string>> Table(IHtmlDocument page, string section) =>
        page.QuerySelectorAll($"section[aria-labelledby={section}] table tbody tr")
            .ToDictionary(r => r.QuerySelector("th")!.Text(), r => r.QuerySelectorAll("td").Select(td => td.Text()).ToList());

    private static decimal Euros(string text) => decimal.Parse(new string(text.Where(char.IsAsciiDigit).ToArray()));

    [Fact]
    public async Task The_ministry_sees_the_national_figures_in_charts_with_their_tables()
    {
        using var ocw = await app.SignInAsync(DemoAccounts.Ocw);

        var page = await ocw.PageAsync("/");

        Assert.Equal(["per-theme", "per-region", "reported", "indicators", "trend", "budget"],
            page.QuerySelectorAll("main section").Select(s => s.GetAttribute("aria-labelledby")!).ToList());
        foreach (var section in page.QuerySelectorAll("main section"))
        {
            // Each chart is an image named by its title, with its numbers in a captioned table beside it.
            var svg = section.QuerySelector("svg[role=img]")!;
            var title = svg.QuerySelector("title")!;
            Assert.Equal(title.Id, svg.GetAttribute("aria-labelledby"));
            Assert.Equal(title.TextContent, section.QuerySelector("table caption")!.TextContent);
            Assert.NotEmpty(section.QuerySelectorAll("thead th[scope=col]"));
            Assert.All(section.QuerySelectorAll("tbody th"), th => Assert.Equal("row", th.GetAttribute("scope")));
        }
        Assert.Equal(["Noord", "Oost", "Zuid", "Noordwest", "Zuidwest"], Table(page, "per-region").Keys.ToList());
        Assert.Equal(["Concept", "Ingediend", "Teruggestuurd", "Goedgekeurd", "Ingetrokken", "Totaal"],
            page.QuerySelectorAll("section[aria-labelledby=per-region] thead th").Skip(1).Select(th => th.Text()).ToList());

        // The figures agree with the data: per landsdeel, every commitment of the cycle (drafts included).
        await using var db = app.CreateAdminDbContext();
        var perRegion = await db.Commitments.Where(c => c.ReportingCycle!.Year <= 2018)
            .GroupBy(c => c.Organization!.Region!.Name).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        foreach (var (region, cells) in Table(page, "per-region"))
        {
            Assert.Equal(perRegion.GetValueOrDefault(region).ToString(System.Globalization.CultureInfo.InvariantCulture), cells[^1]);
        }
    }

    [Fact]
    public async Task A_joint_commitments_budget_is_counted_in_each_partners_landsdeel_by_its_share()
    {
        using var ezk = await app.SignInAsync(DemoAccounts.Ezk);
        var before = Table(await ezk.PageAsync("/"), "budget");

        // Techniekcollege Limburg (Zuid) leads, Provincie Drenthe (Noord) takes 40%.
        await app.AddCommitmentAsync(DemoAccounts.LimburgSchool, c => { c.Status = CommitmentStatus.Approved; c.BudgetEuros = 10_000m; }, (DemoAccounts.Drenthe, 40));
        // A withdrawn commitment's money is no longer promised.
        await app.AddCommitmentAsync(DemoAccounts.LimburgSchool, c => { c.Status = CommitmentStatus.Withdrawn; c.BudgetEuros = 99_000m; });
        var page = await ezk.PageAsync("/");
        var after = Table(page, "budget");

        Assert.Equal(6_000m, Euros(after["Zuid"][0]) - Euros(before["Zuid"][0]));
        Assert.Equal(4_000m, Euros(after["Noord"][0]) - Euros(before["Noord"][0]));
        Assert.Equal(Euros(before["Oost"][0]), Euros(after["Oost"][0]));
        Assert.StartsWith("€ ", page.QuerySelector("section[aria-labelledby=budget] tbody td")!.TextContent.Replace('\u00A0', ' '));
    }

    [Fact]
    public async Task Filters_in_the_address_narrow_the_view_so_that_it_can_be_shared()
    {
        await using var db = app.CreateAdminDbContext();
        var theme = await db.Themes.OrderBy(t => t.SortOrder).FirstAsync();
        using var ocw = await app.SignInAsync(DemoAccounts.Ocw);

        var zuid = await ocw.PageAsync("/?jaar=2018&landsdeel=zuid");
        Assert.Equal(["Zuid"], Table(zuid, "per-region").Keys.ToList());
        Assert.Equal(["Zuid"], Table(zuid, "budget").Keys.ToList());
        Assert.Equal("zuid", zuid.QuerySelector("select[name=landsdeel] option[selected]")!.GetAttribute("value"));
        Assert.Equal("2018", zuid.QuerySelector("select[name=jaar] option[selected]")!.GetAttribute("value"));

        var byTheme = await ocw.PageAsync($"/?thema={theme.Id}");
        Assert.Equal([theme.Name], Table(byTheme, "per-theme").Keys.ToList());
        var form = byTheme.QuerySelector("main form.dashboard-filters")!;
        Assert.Equal("get", form.GetAttribute("method"));
        Assert.Null(byTheme.QuerySelector("main [role=status]"));
    }

    [Theory]
    [InlineData("/?jaar=abc&thema=999999&landsdeel=%3Cscript%3E")]
    [InlineData("/?jaar=-1&thema=-5&landsdeel=")]
    [InlineData("/?jaar=99999999999999999999&thema=1e3&landsdeel=zuid%00")]
    [InlineData("/?jaar=2018x&thema=%20")]
    public async Task Unknown_filter_values_are_ignored_with_a_notice_never_an_error(string url)
    {
        using var ocw = await app.SignInAsync(DemoAccounts.Ocw);

        var (response, page) = await ocw.GetPageAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(5, Table(page, "per-region").Count);
        Assert.Contains("Onbekende filterwaarde genegeerd", page.QuerySelector("main [role=status]")!.TextContent);
        Assert.DoesNotContain("<script>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_regional_lead_cannot_see_another_landsdeel_through_the_filters()
    {
        using var noord = await app.SignInAsync(DemoAccounts.TrekkerNoord);
        var own = await noord.PageAsync("/");

        var crossing = await noord.PageAsync("/?landsdeel=zuid");

        Assert.Equal(["Noord"], Table(own, "per-region").Keys.ToList());
        Assert.Equal(["Noord"], Table(crossing, "per-region").Keys.ToList());
        Assert.Equal(["Noord"], Table(crossing, "budget").Keys.ToList());
        Assert.Equal(Table(own, "per-region")["Noord"], Table(crossing, "per-region")["Noord"]);
        Assert.Equal(Table(own, "per-theme"), Table(crossing, "per-theme"));
        Assert.Contains("landsdeel", crossing.QuerySelector("main [role=status]")!.TextContent);
        // The lead chooses no landsdeel at all: it has one.
        Assert.Null(own.QuerySelector("select[name=landsdeel]"));
        Assert.Equal("Landsdeel Noord", own.QuerySelector("main p strong")!.TextContent);
    }

    [Fact]
    public async Task A_saved_change_shows_on_the_next_view_of_every_dashboard_and_only_in_its_own_landsdeel()
    {
        // The figures are cached per scope and filter (ADR-0022); a save anywhere must still show at once.
        using var ocw = await app.SignInAsync(DemoAccounts.Ocw);
        using var noord = await app.SignInAsync(DemoAccounts.TrekkerNoord);
        using var zuid = await app.SignInAsync(DemoAccounts.TrekkerZuid);
        string Total(IHtmlDocument page, string region) => Table(page, "per-region")[region][^1];
        var national = Total(await ocw.PageAsync("/"), "Noord");
        var own = Total(await noord.PageAsync("/"), "Noord");
        var other = Table(await zuid.PageAsync("/"), "per-region");
        Assert.Equal(national, Total(await ocw.PageAsync("/"), "Noord")); // the cached figures, unchanged

        await using (var db = app.CreateAdminDbContext())
        {
            var organization = await db.Organizations.Where(o => o.Region!.Code == "noord" && o.DeactivatedAt == null).OrderBy(o => o.Id).FirstAsync();
            var cycle = await db.ReportingCycles.SingleAsync(c => c.Year == 2018);
            db.Commitments.Add(new Commitment
            {
                OrganizationId = organization.Id, ReportingCycleId = cycle.Id, Title = "Net ingediend", Status = CommitmentStatus.Submitted,
                StartDate = new DateOnly(2018, 9, 1), EndDate = new DateOnly(2019, 6, 30), BudgetEuros = 1000m, LeadSharePercent = 100,
            });
            await db.SaveChangesAsync();
        }

        int Number(string text) => int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Number(national) + 1, Number(Total(await ocw.PageAsync("/"), "Noord")));
        Assert.Equal(Number(own) + 1, Number(Total(await noord.PageAsync("/"), "Noord")));
        Assert.Equal(other, Table(await zuid.PageAsync("/"), "per-region"));
    }

    [Fact]
    public async Task A_partner_sees_only_its_own_whatever_the_address_says()
    {
        using var drenthe = await app.SignInAsync(DemoAccounts.PartnerDrenthe);
        var own = await drenthe.PageAsync("/");

        var crossing = await drenthe.PageAsync("/?landsdeel=zuid&thema=1&jaar=2018");

        Assert.Null(crossing.QuerySelector("main form.dashboard-filters"));
        Assert.Null(crossing.QuerySelector("section[aria-labelledby=per-region]"));
        Assert.Equal(Table(own, "mine"), Table(crossing, "mine"));
        await using var db = app.CreateAdminDbContext();
        var drentheId = await app.OrganizationIdAsync(DemoAccounts.Drenthe);
        var mine = await db.Commitments.CountAsync(c => c.OrganizationId == drentheId);
        Assert.Equal(mine, Table(crossing, "mine").Values.Sum(cells => int.Parse(cells[0])));
    }

    [Fact]
    public async Task A_partner_sees_what_it_still_has_to_report_and_progress_updates_that_were_returned()
    {
        var due = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool, c => c.Status = CommitmentStatus.Approved);
        var returned = await app.AddCommitmentAsync(DemoAccounts.LimburgSchool, c => c.Status = CommitmentStatus.Approved);
        await using (var db = app.CreateAdminDbContext())
        {
            var cycle = await db.ReportingCycles.SingleAsync(c => c.Year == 2018);
            db.ProgressUpdates.Add(new ProgressUpdate
            {
                CommitmentId = returned.Id, ReportingCycleId = cycle.Id, Status = ProgressUpdateStatus.Returned,
                ReturnComment = "Voeg het aantal stageplaatsen toe.", Narrative = "Loopt.",
            });
            await db.SaveChangesAsync();
        }
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);

        var page = await limburg.PageAsync("/");

        var dueSection = page.QuerySelector("section[aria-labelledby=due]")!;
        Assert.Contains("Voortgangsrapportage 2018: uiterlijk", dueSection.QuerySelector("p")!.Text());
        var item = dueSection.QuerySelectorAll("li").Single(li => li.QuerySelector("a")!.TextContent == due.Title);
        Assert.Equal($"/Progress/Update/{due.Id}", item.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("Nog niet begonnen", item.QuerySelector(".status")!.TextContent);
        Assert.Equal("Teruggestuurd", dueSection.QuerySelectorAll("li").Single(li => li.QuerySelector("a")!.TextContent == returned.Title).QuerySelector(".status")!.TextContent);

        var back = page.QuerySelector("section[aria-labelledby=returned]")!;
        var update = back.QuerySelectorAll("li").Single(li => li.QuerySelector("a")!.TextContent == returned.Title);
        Assert.Equal("Opmerking: Voeg het aantal stageplaatsen toe.", update.QuerySelector("p")!.Text());
    }

    [Fact]
    public async Task The_dashboard_speaks_English_with_English_numbers_after_switching()
    {
        using var ocw = await app.SignInAsync(DemoAccounts.Ocw);
        await ocw.SwitchLanguageAsync();

        var page = await ocw.PageAsync("/");

        Assert.Equal(["Commitments per theme", "Commitments per region and status", "Reported in the open reporting year",
                "Progress of indicators towards their target", "Trend over the reporting years", "Budget pledged per region"],
            page.QuerySelectorAll("main section h2").Select(h => h.TextContent).ToList());
        Assert.Equal(["Draft", "Submitted", "Returned", "Approved", "Withdrawn", "Total"],
            page.QuerySelectorAll("section[aria-labelledby=per-region] thead th").Skip(1).Select(th => th.Text()).ToList());
        var euros = page.QuerySelectorAll("section[aria-labelledby=budget] tbody td").Select(td => td.Text()).ToList();
        Assert.All(euros, e => Assert.Matches(@"^€\d{1,3}(,\d{3})*$", e));
        Assert.Equal("Budget pledged per region, 2018", page.QuerySelector("#chart-budget-title")!.TextContent);
    }
}
