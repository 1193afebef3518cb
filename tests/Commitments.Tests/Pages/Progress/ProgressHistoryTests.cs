using System.Net;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Commitments.Web.Progress;

namespace Commitments.Tests.Pages.Progress;

/// <summary>Each indicator's values across the reporting cycles, against baseline and target, with the percentage.</summary>
public sealed class ProgressHistoryTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    [Theory]
    [InlineData(20, 10, 40, 33.3)]
    [InlineData(40, 10, 40, 100)]
    [InlineData(55, 10, 40, 150)]
    [InlineData(5, 10, 40, -16.7)]
    [InlineData(75, 100, 50, 50)] // a target below the baseline: going down is progress
    public void The_percentage_is_the_way_from_baseline_to_target(decimal value, decimal baseline, decimal target, decimal expected) =>
        Assert.Equal(expected, ProgressReporting.ProgressPercent(value, baseline, target));

    [Fact]
    public void Without_a_target_or_a_way_to_go_there_is_no_percentage()
    {
        Assert.Null(ProgressReporting.ProgressPercent(5, 10, null));
        Assert.Null(ProgressReporting.ProgressPercent(5, 10, 10));
        Assert.Equal("–", ProgressReporting.PercentText(null));
        // The percentage follows the reader's culture (the request's, set by the language switch).
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("nl-NL");
            Assert.Equal("1.233,3%", ProgressReporting.PercentText(1233.3m));
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("en-GB");
            Assert.Equal("1,233.3%", ProgressReporting.PercentText(1233.3m));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public async Task Values_across_the_years_are_shown_per_indicator_with_Dutch_numbers_and_percentages()
    {
        var world = await ProgressWorld.CreateAsync(app);
        var commitment = await world.CommitmentAsync("Door de jaren heen",
            indicators: [("leerwerkplaatsen", 10m, 40m), ("gelijk doel", 5m, 5m), ("zonder doel", 0m, null)]);
        int[] earlier;
        await using (var db = world.Admin())
        {
            earlier = [.. db.ReportingCycles.Where(c => c.Year < ProgressWorld.CycleYear).OrderByDescending(c => c.Year).Take(2).OrderBy(c => c.Year).Select(c => c.Id)];
        }
        await world.UpdateAsync(commitment.Id, ProgressUpdateStatus.Approved, value: 20, cycleId: earlier[0]);
        await world.UpdateAsync(commitment.Id, ProgressUpdateStatus.Submitted, value: 1234.5m, cycleId: earlier[1]);
        await world.UpdateAsync(commitment.Id, ProgressUpdateStatus.Draft, value: 99);
        using var lead = await app.SignInAsync(world.LeadEmail);

        var (response, page) = await lead.GetPageAsync($"/Progress/History/{commitment.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tables = page.QuerySelectorAll("table");
        Assert.Equal(3, tables.Length);
        Assert.Contains("leerwerkplaatsen (aantal) – nulmeting 10, doel 40", tables[0].QuerySelector("caption")!.TextContent);
        var rows = tables[0].QuerySelectorAll("tbody tr").Select(r => r.QuerySelectorAll("th, td").Select(c => c.TextContent.Trim()).ToList()).ToList();
        Assert.Equal(2, rows.Count); // the draft of the open cycle is the partner's own
        Assert.Equal(["20", "33,3%", "Risico", "Goedgekeurd"], rows[0].Skip(1));
        Assert.Equal(["1.234,5", "4.081,7%", "Risico", "Ingediend"], rows[1].Skip(1));
        Assert.Equal("–", tables[1].QuerySelectorAll("tbody tr")[0].QuerySelectorAll("td")[1].TextContent);
        Assert.Equal("–", tables[2].QuerySelectorAll("tbody tr")[0].QuerySelectorAll("td")[1].TextContent);

        using var partner = await app.SignInAsync(world.PartnerEmail);
        var (_, own) = await partner.GetPageAsync($"/Progress/History/{commitment.Id}");
        Assert.Equal(3, own.QuerySelector("table")!.QuerySelectorAll("tbody tr").Length);
        Assert.Contains("Concept", own.QuerySelector("table tbody tr:last-child")!.TextContent);
    }

    [Fact]
    public async Task Whoever_may_not_see_the_commitment_gets_404()
    {
        var world = await ProgressWorld.CreateAsync(app);
        var commitment = await world.CommitmentAsync("Niet voor iedereen");
        foreach (var outsider in new[] { world.OtherPartnerEmail, DemoAccounts.TrekkerZuid, DemoAccounts.PartnerDrenthe })
        {
            using var browser = await app.SignInAsync(outsider);
            Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/Progress/History/{commitment.Id}")).StatusCode);
        }
        using var ministry = await app.SignInAsync(DemoAccounts.Ezk);
        var (response, page) = await ministry.GetPageAsync($"/Progress/History/{commitment.Id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Er is nog geen voortgang gerapporteerd.", page.QuerySelector("main")!.TextContent);
    }
}
