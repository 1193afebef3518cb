using System.Net;
using AngleSharp.Html.Dom;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Commitments.Tests.Pages.Commitments;
using Commitments.Web.FrozenReports;
using Microsoft.EntityFrameworkCore;
using static Commitments.Tests.FrozenReports.FrozenReportsSupport;

namespace Commitments.Tests.FrozenReports;

/// <summary>
/// Between the administrator's confirmation and the end of the job, the year is being frozen: the
/// cycles list says so to every administrator (since when, by whom, the progress page), the year and
/// its data take no changes (so that none is saved in the database but missing from the six files),
/// and a failed freeze shows its reason with the way to try again.
/// </summary>
public sealed class FreezeUnderWayTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    [Fact]
    public async Task While_a_year_is_being_frozen_the_list_says_so_and_the_year_and_its_commitments_take_no_changes_until_it_is_frozen()
    {
        var cycleId = await CycleIdAsync(app, 2018);
        DateOnly freezesOn;
        await using (var db = app.CreateAdminDbContext())
        {
            freezesOn = (await db.ReportingCycles.SingleAsync(c => c.Id == cycleId)).FreezesOn;
        }
        var freezeUrl = $"/Admin/Cycles/Freeze/{cycleId}";
        Assert.Equal(HttpStatusCode.Redirect, (await FreezeThroughPageAsync(app, 2018)).StatusCode);

        // A second administrator (another browser) opens the list while the job has not run yet.
        using var other = await app.SignInAsync(DemoAccounts.Admin);
        var (_, list) = await other.GetPageAsync("/Admin/Cycles");
        var state = StateCell(list, 2018);
        Assert.Contains("Wordt bevroren", state.TextContent);
        Assert.Contains($"door {DemoAccounts.Admin}", state.TextContent);
        var progress = Assert.Single(state.QuerySelectorAll("a"));
        Assert.Equal(freezeUrl, progress.GetAttribute("href"));
        Assert.Equal("voortgang 2018", progress.TextContent.Trim());

        // The year's own page shows it read-only, with the way to the progress; a save is refused.
        var editUrl = $"/Admin/Cycles/Edit/{cycleId}";
        var (_, edit) = await other.GetPageAsync(editUrl);
        Assert.Null(edit.QuerySelector("main form[method=post]"));
        var notice = edit.QuerySelector("main .notice[role=status]")!;
        Assert.Contains("Dit rapportagejaar wordt nu bevroren", notice.TextContent);
        Assert.NotNull(notice.QuerySelector($"a[href='{freezeUrl}']"));
        var themeIds = await ThemeIdsAsync(cycleId);
        var posted = await other.PostFormAsync(editUrl,
            [new("Form.Year", "2018"), new("Form.UpdatesDueOn", "2018-05-01"), new("Form.FreezesOn", freezesOn.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
             new("Form.FirstReminderDaysBefore", "14"), new("Form.EscalateDaysAfter", "7"),
             .. themeIds.Select(id => new KeyValuePair<string, string>("Form.ThemeIds", id.ToString(System.Globalization.CultureInfo.InvariantCulture)))],
            tokenFrom: "/Admin/Cycles/Edit");
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode); // the page again with the reason, as the administration pages refuse
        var refused = TestBrowser.Parse(await posted.Content.ReadAsStringAsync());
        Assert.Contains("Dit rapportagejaar wordt nu bevroren en kan niet meer worden gewijzigd.", refused.QuerySelector("main [role=alert]")!.TextContent);

        // Any save to the year's data is refused by the data layer while its reports are built.
        int commitmentId;
        string title;
        await using (var db = app.CreateAdminDbContext())
        {
            var commitment = await db.Commitments.OrderBy(c => c.Id).FirstAsync(c => c.ReportingCycleId == cycleId);
            (commitmentId, title) = (commitment.Id, commitment.Title);
            commitment.Title = "Gewijzigd tijdens het bevriezen";
            var change = await Assert.ThrowsAsync<FrozenCycleException>(() => db.SaveChangesAsync());
            Assert.True(change.BeingFrozen);
            Assert.Contains("Rapportagejaar 2018 wordt nu bevroren", change.Message);
        }

        Assert.Equal(1, await HangfireJobs.PerformEnqueuedAsync<CycleFreezeJob>(app));

        // Frozen: the list says when and by whom, the files and the database agree on the commitment.
        var (_, frozenList) = await other.GetPageAsync("/Admin/Cycles");
        var frozen = StateCell(frozenList, 2018);
        Assert.Contains($"Bevroren op 01-05-2018 door {DemoAccounts.Admin}", frozen.TextContent);
        Assert.Equal("/Reports/Frozen#jaar-2018", Assert.Single(frozen.QuerySelectorAll("a")).GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync(editUrl)).StatusCode);
        await using (var db = app.CreateAdminDbContext())
        {
            Assert.Equal(title, (await db.Commitments.SingleAsync(c => c.Id == commitmentId)).Title);
            var national = Texts((await db.AnnualReports.SingleAsync(r => r.ReportingCycleId == cycleId && r.RegionId == null)).Content);
            Assert.Contains(title, national);
            Assert.DoesNotContain("Gewijzigd tijdens het bevriezen", national);
            Assert.Equal(freezesOn, (await db.ReportingCycles.SingleAsync(c => c.Id == cycleId)).FreezesOn);
        }
    }

    [Fact]
    public async Task A_failed_freeze_shows_its_reason_in_the_readers_language_and_the_way_to_try_again_and_a_lost_one_holds_nothing()
    {
        var failedCycle = await CycleIdAsync(app, 2019);
        var now = app.Time.GetUtcNow().UtcDateTime;
        await using (var db = app.CreateAdminDbContext())
        {
            var admin = await db.Users.Where(u => u.Email == DemoAccounts.Admin).Select(u => u.Id).SingleAsync();
            db.ReportRuns.Add(new ReportRun
            {
                RequestedByUserId = admin, RequestedByName = DemoAccounts.Admin, ReportingCycleId = failedCycle, Scope = ReportRunScope.Freeze,
                State = ReportRunState.Failed, RequestedAt = now.AddMinutes(-10), StartedAt = now.AddMinutes(-10), FinishedAt = now.AddMinutes(-5),
                Error = CycleFreezeJob.Failed,
            });
            await db.SaveChangesAsync();
        }
        using var browser = await app.SignInAsync(DemoAccounts.Admin);
        var (_, list) = await browser.GetPageAsync("/Admin/Cycles");
        var state = StateCell(list, 2019);
        Assert.Contains("Bevriezen mislukt", state.TextContent);
        Assert.Contains("Het bevriezen is mislukt; het rapportagejaar is niet bevroren", state.TextContent);
        Assert.DoesNotContain("Freezing failed", state.TextContent);
        var again = Assert.Single(state.QuerySelectorAll("a"));
        Assert.Equal($"/Admin/Cycles/Freeze/{failedCycle}", again.GetAttribute("href"));
        Assert.Equal("opnieuw proberen 2019", again.TextContent.Trim());
        // A failed freeze holds nothing: the year can be changed.
        var (_, edit) = await browser.GetPageAsync($"/Admin/Cycles/Edit/{failedCycle}");
        Assert.NotNull(edit.QuerySelector("main form[method=post]"));

        await browser.SwitchLanguageAsync(from: "/Admin/Cycles");
        var (_, english) = await browser.GetPageAsync("/Admin/Cycles");
        var englishState = StateCell(english, 2019);
        Assert.Contains("Freezing failed", englishState.TextContent);
        Assert.Contains("Freezing failed; the reporting year is not frozen", englishState.TextContent);
        Assert.DoesNotContain("mislukt", englishState.TextContent);
        Assert.Equal("try again 2019", englishState.QuerySelector("a")!.TextContent.Trim());
        await browser.SwitchLanguageAsync(culture: "nl-NL", from: "/Admin/Cycles"); // the account keeps its choice; the other test reads Dutch

        // A freeze whose job was lost (queued more than an hour ago) is shown open and holds the year no longer.
        await using (var db = app.CreateAdminDbContext())
        {
            var run = await db.ReportRuns.SingleAsync(r => r.ReportingCycleId == failedCycle && r.Scope == ReportRunScope.Freeze);
            run.State = ReportRunState.Queued;
            run.RequestedAt = now - ReportRun.LostAfter - TimeSpan.FromMinutes(1);
            run.StartedAt = run.FinishedAt = null;
            run.Error = null;
            await db.SaveChangesAsync();
            var cycle = await db.ReportingCycles.SingleAsync(c => c.Id == failedCycle);
            cycle.FirstReminderDaysBefore += 1;
            await db.SaveChangesAsync(); // not refused
        }
        var (_, lost) = await browser.GetPageAsync("/Admin/Cycles");
        var lostState = StateCell(lost, 2019);
        Assert.Equal("bevriezen 2019", lostState.QuerySelector("a")!.TextContent.Trim());
    }

    private static IHtmlTableCellElement StateCell(IHtmlDocument list, int year) =>
        (IHtmlTableCellElement)list.QuerySelectorAll("main tbody tr")
            .Single(r => r.QuerySelector("th")!.TextContent.Trim() == year.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .QuerySelectorAll("td").Last();

    private async Task<List<int>> ThemeIdsAsync(int cycleId)
    {
        await using var db = app.CreateAdminDbContext();
        return await db.ReportingCycles.Where(c => c.Id == cycleId).SelectMany(c => c.Themes.Select(t => t.Id)).ToListAsync();
    }
}
