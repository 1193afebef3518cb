using System.Net;
using AngleSharp.Html.Dom;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Commitments.Web;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Pages.Progress;

/// <summary>
/// "Wie heeft nog niet gerapporteerd": per organisation and approved commitment, the state of the open
/// cycle's update, overdue after the due date by the Amsterdam calendar; the lead sees its region, the
/// ministry the country (or one landsdeel); a fixed number of queries.
/// </summary>
public sealed class NotReportedTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private static Dictionary<int, string> States(IHtmlDocument page) =>
        page.QuerySelectorAll("tbody tr[data-commitment]").ToDictionary(
            r => int.Parse(r.GetAttribute("data-commitment")!),
            r => System.Text.RegularExpressions.Regex.Replace(r.QuerySelector(".state")!.TextContent.Trim(), @"\s+", " "));

    private static Dictionary<string, string> Counts(IHtmlDocument page) =>
        page.QuerySelectorAll("table.counts td[data-state]").ToDictionary(td => td.GetAttribute("data-state")!, td => td.TextContent);

    [Fact]
    public async Task The_lead_sees_every_state_of_its_region_and_overdue_once_the_due_date_has_passed_in_Amsterdam()
    {
        var world = await ProgressWorld.CreateAsync(app);
        var notStarted = await world.CommitmentAsync("Niet begonnen");
        var draft = await world.CommitmentAsync("In concept");
        var submitted = await world.CommitmentAsync("Ingediend");
        var returned = await world.CommitmentAsync("Teruggestuurd", organizationId: world.OtherOrganizationId);
        var approved = await world.CommitmentAsync("Goedgekeurd", organizationId: world.OtherOrganizationId);
        var notApproved = await world.CommitmentAsync("Nog niet goedgekeurd", CommitmentStatus.Submitted);
        await world.UpdateAsync(draft.Id, ProgressUpdateStatus.Draft);
        await world.UpdateAsync(submitted.Id, ProgressUpdateStatus.Submitted);
        await world.UpdateAsync(returned.Id, ProgressUpdateStatus.Returned);
        await world.UpdateAsync(approved.Id, ProgressUpdateStatus.Approved);
        await using (var db = world.Admin())
        {
            // Due today in Amsterdam: not late yet.
            var cycle = await db.ReportingCycles.SingleAsync(c => c.Id == world.CycleId);
            cycle.UpdatesDueOn = DateOnly.FromDateTime(AmsterdamTime.Now(app.Time));
            await db.SaveChangesAsync();
        }

        using (var lead = await app.SignInAsync(world.LeadEmail))
        {
            var (response, page) = await lead.GetPageAsync("/Progress/NotReported");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(new Dictionary<int, string>
            {
                [notStarted.Id] = "Niet begonnen",
                [draft.Id] = "Concept",
                [submitted.Id] = "Ingediend",
                [returned.Id] = "Teruggestuurd",
                [approved.Id] = "Goedgekeurd",
            }, States(page));
            Assert.DoesNotContain(notApproved.Id, States(page).Keys);
            Assert.Equal(new Dictionary<string, string>
            {
                ["NotStarted"] = "1", ["Draft"] = "1", ["Returned"] = "1", ["Submitted"] = "1", ["Approved"] = "1", ["Overdue"] = "0",
            }, Counts(page));
            // Grouped per organisation: sorted by organisation name.
            var organizations = page.QuerySelectorAll("tbody tr[data-commitment] td:first-child").Select(td => td.TextContent).ToList();
            Assert.Equal(organizations.OrderBy(o => o, StringComparer.Ordinal), organizations);
        }

        // The day after the due date, in Amsterdam (23:30 UTC on the due date is already the next day there).
        var due = DateOnly.FromDateTime(AmsterdamTime.Now(app.Time));
        var nextDayInAmsterdam = TimeZoneInfo.ConvertTimeToUtc(due.AddDays(1).ToDateTime(new TimeOnly(0, 30)), AmsterdamTime.Zone);
        app.Time.SetUtcNow(new DateTimeOffset(nextDayInAmsterdam, TimeSpan.Zero));

        using (var lead = await app.SignInAsync(world.LeadEmail))
        {
            var (_, page) = await lead.GetPageAsync("/Progress/NotReported");
            var states = States(page);
            Assert.Equal("Te laat (Niet begonnen)", states[notStarted.Id]);
            Assert.Equal("Te laat (Concept)", states[draft.Id]);
            Assert.Equal("Te laat (Teruggestuurd)", states[returned.Id]);
            Assert.Equal("Ingediend", states[submitted.Id]);
            Assert.Equal("Goedgekeurd", states[approved.Id]);
            Assert.Equal("3", Counts(page)["Overdue"]);

            var (_, late) = await lead.GetPageAsync("/Progress/NotReported?stand=te-laat");
            Assert.Equal(new[] { draft.Id, notStarted.Id, returned.Id }.Order(), States(late).Keys.Order());
            Assert.Contains("3 toezegging(en) in deze selectie.", late.QuerySelector("p[role=status]")!.TextContent);
            var (_, onlySubmitted) = await lead.GetPageAsync("/Progress/NotReported?stand=ingediend");
            Assert.Equal([submitted.Id], States(onlySubmitted).Keys);
        }
    }

    [Fact]
    public async Task A_lead_sees_only_its_region_the_ministry_the_country_or_one_landsdeel_and_a_partner_nothing()
    {
        var world = await ProgressWorld.CreateAsync(app);
        var ours = await world.CommitmentAsync("In ons landsdeel");
        var elsewhere = await ProgressWorld.CreateAsync(app);
        var theirs = await elsewhere.CommitmentAsync("In een ander landsdeel");

        using (var lead = await app.SignInAsync(world.LeadEmail))
        {
            var (_, page) = await lead.GetPageAsync($"/Progress/NotReported?regio={elsewhere.Code}");
            var states = States(page);
            Assert.Contains(ours.Id, states.Keys);
            Assert.DoesNotContain(theirs.Id, states.Keys);
            Assert.Null(page.QuerySelector("select#regio"));
        }
        using (var ministry = await app.SignInAsync(DemoAccounts.Ocw))
        {
            var (_, all) = await ministry.GetPageAsync("/Progress/NotReported?stand=niet-begonnen");
            Assert.Contains(ours.Id, States(all).Keys);
            Assert.Contains(theirs.Id, States(all).Keys);
            var (_, one) = await ministry.GetPageAsync($"/Progress/NotReported?regio={elsewhere.Code}");
            Assert.Equal([theirs.Id], States(one).Keys);
            Assert.Equal(elsewhere.Code, one.QuerySelector("select#regio option[selected]")!.GetAttribute("value"));
            var (unknown, _) = await ministry.GetPageAsync("/Progress/NotReported?regio=atlantis&stand=%3Cscript%3E&pagina=-4");
            Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        }
        using var partner = await app.SignInAsync(world.PartnerEmail);
        Assert.True(TestBrowser.IsAccessDenied(await partner.GetAsync("/Progress/NotReported")));
    }

    [Fact]
    public async Task The_overview_uses_the_same_few_queries_for_a_few_or_many_commitments()
    {
        var world = await ProgressWorld.CreateAsync(app);
        await world.CommitmentAsync("Eén");
        using var lead = await app.SignInAsync(world.LeadEmail);
        var few = await CommandsForAsync(lead, "/Progress/NotReported");

        for (var i = 0; i < 25; i++)
        {
            var c = await world.CommitmentAsync($"Nog een {i}", organizationId: i % 2 == 0 ? world.PartnerOrganizationId : world.OtherOrganizationId);
            if (i % 3 == 0)
            {
                await world.UpdateAsync(c.Id, i % 2 == 0 ? ProgressUpdateStatus.Draft : ProgressUpdateStatus.Submitted);
            }
        }
        var many = await CommandsForAsync(lead, "/Progress/NotReported");
        using var ministry = await app.SignInAsync(DemoAccounts.Ocw);
        var national = await CommandsForAsync(ministry, "/Progress/NotReported?stand=nog-niet-ingediend");

        Assert.Equal(few, many);
        Assert.InRange(many, 1, 6);
        Assert.InRange(national, 1, 7);
    }

    private async Task<int> CommandsForAsync(TestBrowser browser, string url)
    {
        app.SqlCommands.Reset();
        var response = await browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return app.SqlCommands.Count;
    }
}
