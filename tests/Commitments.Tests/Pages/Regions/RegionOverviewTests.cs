using System.Net;
using AngleSharp.Html.Dom;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Commitments.Tests.Pages.Reviews;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Pages.Regions;

/// <summary>The region overview: commitments per organisation and state, and who has registered nothing this cycle.</summary>
public sealed class RegionOverviewTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private static readonly string[] States = ["Concept", "Ingediend", "Teruggestuurd", "Goedgekeurd", "Ingetrokken"];

    private sealed record OverviewRow(string Name, int[] Counts, string Cycle);

    private static List<OverviewRow> Rows(IHtmlDocument page) =>
        page.QuerySelectorAll("main table tbody tr").Select(tr => new OverviewRow(
            tr.QuerySelector("th")!.TextContent,
            tr.QuerySelectorAll("td").Take(5).Select(td => int.Parse(td.TextContent.Replace(".", ""), System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
            tr.QuerySelectorAll("td")[5].TextContent)).ToList();

    /// <summary>What the overview must say per organisation, counted here with plain LINQ over every commitment.</summary>
    private async Task<Dictionary<string, (int[] Counts, bool Registered)>> ExpectedAsync(string regionCode)
    {
        await using var db = app.CreateAdminDbContext();
        var openCycle = await db.ReportingCycles.Where(c => c.FrozenAt == null).OrderByDescending(c => c.Year).Select(c => c.Id).FirstAsync();
        var organizations = await db.Organizations.Where(o => o.Region!.Code == regionCode).Select(o => new { o.Id, o.Name }).ToListAsync();
        var commitments = await db.Commitments.Select(c => new { c.OrganizationId, c.Status, c.ReportingCycleId }).ToListAsync();
        return organizations.ToDictionary(o => o.Name, o => (
            Enum.GetValues<CommitmentStatus>().Select(s => commitments.Count(c => c.OrganizationId == o.Id && c.Status == s)).ToArray(),
            commitments.Any(c => c.OrganizationId == o.Id && c.ReportingCycleId == openCycle)));
    }

    [Fact]
    public async Task The_lead_sees_per_organisation_of_its_region_the_commitments_in_each_state_and_who_registered_nothing_in_the_open_cycle()
    {
        var expected = await ExpectedAsync("noord");
        using var lead = await app.SignInAsync(DemoAccounts.TrekkerNoord);

        var (response, page) = await lead.GetPageAsync("/Regions/Overview");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Landsdeel Noord", page.QuerySelector("h1")!.TextContent);
        Assert.Equal(["Partner", .. States, "Rapportagejaar 2020"], page.QuerySelectorAll("thead th").Select(th => th.TextContent));
        var rows = Rows(page);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), rows.Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.All(rows, r =>
        {
            Assert.Equal(expected[r.Name].Counts, r.Counts);
            Assert.Equal(expected[r.Name].Registered ? "geregistreerd" : "nog niets", r.Cycle);
        });
        // Drenthe, as the demo data made it: a draft, a new and a revised one in review, one returned, one approved.
        Assert.Equal([1, 2, 1, 1, 0], rows.Single(r => r.Name == DemoAccounts.Drenthe).Counts);
        Assert.Equal("geregistreerd", rows.Single(r => r.Name == DemoAccounts.Drenthe).Cycle);
        Assert.Equal("nog niets", rows.Single(r => r.Name == "Provincie Groningen").Cycle);
        var without = expected.Values.Count(e => !e.Registered);
        Assert.Equal($"{without} van de {expected.Count} partners hebben in rapportagejaar 2020 nog niets geregistreerd.",
            page.QuerySelector("p[role=status]")!.TextContent);
        // The region's totals per state.
        var totals = page.QuerySelectorAll("tfoot td").Take(5).Select(td => int.Parse(td.TextContent)).ToArray();
        Assert.Equal(Enumerable.Range(0, 5).Select(i => expected.Values.Sum(e => e.Counts[i])), totals);
        // A lead cannot look at another region: the parameter is for ministries and administrators.
        Assert.Null(page.QuerySelector("select#regio"));
        var (_, other) = await lead.GetPageAsync("/Regions/Overview?regio=zuid");
        Assert.Equal("Landsdeel Noord", other.QuerySelector("h1")!.TextContent);
        Assert.DoesNotContain(Rows(other), r => r.Name == DemoAccounts.LimburgSchool);
    }

    [Fact]
    public async Task The_filter_lists_only_the_organisations_without_a_commitment_in_the_open_cycle()
    {
        var expected = await ExpectedAsync("noord");
        using var lead = await app.SignInAsync(DemoAccounts.TrekkerNoord);

        var (_, page) = await lead.GetPageAsync("/Regions/Overview?zonder=true");

        Assert.Equal(expected.Where(e => !e.Value.Registered).Select(e => e.Key).Order(StringComparer.Ordinal),
            Rows(page).Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.All(Rows(page), r => Assert.Equal("nog niets", r.Cycle));
        Assert.Equal("true", page.QuerySelector("#zonder option[selected]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task A_ministry_chooses_a_region_and_an_unknown_region_is_not_found()
    {
        var expected = await ExpectedAsync("zuid");
        using var ministry = await app.SignInAsync(DemoAccounts.Ocw);

        var (_, page) = await ministry.GetPageAsync("/Regions/Overview?regio=zuid");

        Assert.Equal("Landsdeel Zuid", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("zuid", page.QuerySelector("select#regio option[selected]")!.GetAttribute("value"));
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), Rows(page).Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.Equal(expected[DemoAccounts.LimburgSchool].Counts, Rows(page).Single(r => r.Name == DemoAccounts.LimburgSchool).Counts);

        Assert.Equal(HttpStatusCode.NotFound, (await ministry.GetAsync("/Regions/Overview?regio=atlantis")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ministry.GetAsync("/Regions/Overview?regio=%3Cscript%3E")).StatusCode);
        var (_, first) = await ministry.GetPageAsync("/Regions/Overview");
        Assert.Equal("Landsdeel Noord", first.QuerySelector("h1")!.TextContent); // the first region by name
    }

    [Fact]
    public async Task Partners_have_no_region_overview()
    {
        using var partner = await app.SignInAsync(DemoAccounts.PartnerDrenthe);
        Assert.True(TestBrowser.IsAccessDenied(await partner.GetAsync("/Regions/Overview")));
        Assert.True(TestBrowser.IsAccessDenied(await partner.GetAsync("/Regions/Overview?regio=noord")));
    }

    [Theory]
    [InlineData("/Regions/Overview?pagina=0")]
    [InlineData("/Regions/Overview?pagina=99999999999")]
    [InlineData("/Regions/Overview?zonder=misschien")]
    [InlineData("/Regions/Overview?handler=Delete")]
    public async Task Odd_parameters_never_give_an_error(string url)
    {
        using var lead = await app.SignInAsync(DemoAccounts.TrekkerNoord);
        var response = await lead.GetAsync(url);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{url}: {(int)response.StatusCode}");
    }

    [Theory]
    [InlineData("/Regions/Overview")]
    [InlineData("/Reviews")]
    public async Task A_post_to_a_page_that_takes_none_is_not_found(string url)
    {
        using var lead = await app.SignInAsync(DemoAccounts.TrekkerNoord);
        Assert.Equal(HttpStatusCode.NotFound, (await lead.PostFormAsync(url, [], tokenFrom: "/")).StatusCode);
    }

    [Fact]
    public async Task In_English_the_overview_is_English()
    {
        using var lead = await app.SignInAsync(DemoAccounts.TrekkerNoord);
        await lead.PostFormAsync("/Culture", [new("culture", "en-GB"), new("returnUrl", "/")], tokenFrom: "/");
        try
        {
            var (_, page) = await lead.GetPageAsync("/Regions/Overview");
            Assert.Equal("Region Noord", page.QuerySelector("h1")!.TextContent);
            Assert.Equal(["Partner", "Draft", "Submitted", "Returned", "Approved", "Withdrawn", "Reporting year 2020"],
                page.QuerySelectorAll("thead th").Select(th => th.TextContent));
            Assert.Matches(@"^\d+ of the \d+ partners have registered nothing in reporting year 2020 yet\.$", page.QuerySelector("p[role=status]")!.TextContent);
        }
        finally
        {
            await lead.PostFormAsync("/Culture", [new("culture", "nl-NL"), new("returnUrl", "/")], tokenFrom: "/");
        }
    }
}

/// <summary>Changes to the region (a new registration, a deactivated organisation) and what the overview makes of them.</summary>
public sealed class RegionOverviewChangesTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private async Task<(string Status, string? Emmen, string? Drachten)> ReadAsync()
    {
        using var lead = await app.SignInAsync(DemoAccounts.TrekkerNoord);
        var (_, page) = await lead.GetPageAsync("/Regions/Overview");
        string? Cycle(string name) => page.QuerySelectorAll("tbody tr").FirstOrDefault(tr => tr.QuerySelector("th")!.TextContent.StartsWith(name, StringComparison.Ordinal))?.QuerySelectorAll("td")[5].TextContent;
        return (page.QuerySelector("p[role=status]")!.TextContent, Cycle("Gemeente Emmen"), Cycle("InnovatieCluster Drachten"));
    }

    [Fact]
    public async Task A_registration_in_the_open_cycle_counts_and_a_deactivated_organisation_is_not_chased()
    {
        var before = await ReadAsync();
        Assert.Equal(("nog niets", "nog niets"), (before.Emmen, before.Drachten));
        Assert.StartsWith("7 van de 9 partners", before.Status);

        // Emmen registers (a submitted commitment in the open cycle); Drachten leaves the pact.
        await ReviewTestData.SubmittedAsync(app, "Gemeente Emmen", "Technieklokaal Emmen");
        await using (var db = app.CreateAdminDbContext())
        {
            (await db.Organizations.SingleAsync(o => o.Name == "InnovatieCluster Drachten")).DeactivatedAt = app.Time.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync();
        }

        var after = await ReadAsync();
        Assert.Equal(("geregistreerd", "–"), (after.Emmen, after.Drachten));
        Assert.StartsWith("5 van de 9 partners", after.Status);

        // A commitment in an older cycle is not a registration in the open one.
        await ReviewTestData.SubmittedAsync(app, "Provincie Fryslân", "Fryslân in 2018", cycleYear: 2018);
        Assert.StartsWith("5 van de 9 partners", (await ReadAsync()).Status);
    }
}
