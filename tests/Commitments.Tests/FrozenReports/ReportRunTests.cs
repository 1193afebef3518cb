using System.Net;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Commitments.Web.ReportRuns;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Commitments.Tests.FrozenReports.FrozenReportsSupport;

namespace Commitments.Tests.FrozenReports;

/// <summary>
/// A report asked for on the reports page is built by a Hangfire job (its argument the run's id only);
/// the requester watches its progress and downloads it; a second request joins the run under way;
/// users whose own report it is see it, nobody else; old runs are removed.
/// </summary>
public sealed class ReportRunTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    /// <summary>The queued run's job, as Hangfire's worker runs it.</summary>
    private async Task RunJobAsync(int runId)
    {
        Assert.Contains(HangfireJobs.Enqueued<ReportRunJob>(app), j => (int)j.Job.Args[0] == runId);
        await HangfireJobs.PerformEnqueuedAsync<ReportRunJob>(app);
    }

    private static int RunIdOf(HttpResponseMessage requested)
    {
        Assert.Equal(HttpStatusCode.Redirect, requested.StatusCode);
        var location = requested.Headers.Location!.OriginalString;
        Assert.StartsWith("/Reports/Runs/Details/", location);
        return int.Parse(location["/Reports/Runs/Details/".Length..]);
    }

    [Fact]
    public async Task The_ministry_asks_for_the_national_report_watches_the_job_and_downloads_it_and_only_national_users_see_it()
    {
        using var ocw = await app.SignInAsync(DemoAccounts.Ocw);
        var (_, reports) = await ocw.GetPageAsync("/Reports");
        // The national report is not offered as a download built in the request: a button asks for the run.
        Assert.Null(reports.QuerySelector("main a[href*='handler=Download']"));
        Assert.Equal("Jaarrapportage 2018 laten maken", reports.QuerySelector("form[action='/Reports/Runs']:has(input[name=year][value='2018']) button")!.TextContent);
        var oldLink = await ocw.GetAsync("/Reports?handler=Download&year=2018"); // a bookmark: back to the page, no job
        Assert.Equal((HttpStatusCode.Redirect, "/Reports"), (oldLink.StatusCode, oldLink.Headers.Location!.OriginalString));

        var runId = RunIdOf(await ocw.PostFormAsync("/Reports/Runs", [("year", "2018")]));

        // Queued: the job has its id, and nothing bigger, as its argument.
        var monitoring = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var job = Assert.Single(monitoring.EnqueuedJobs("default", 0, 1000), j => j.Value.Job?.Type == typeof(ReportRunJob) && (int)j.Value.Job.Args[0] == runId);
        Assert.Equal(nameof(ReportRunJob.RunAsync), job.Value.Job.Method.Name);
        var (queued, queuedPage) = await ocw.GetPageAsync($"/Reports/Runs/Details/{runId}");
        Assert.Equal(HttpStatusCode.OK, queued.StatusCode);
        Assert.Equal("3", queued.Headers.GetValues("Refresh").Single());
        Assert.Equal("In de wachtrij", queuedPage.QuerySelector("#stand")!.TextContent);
        Assert.Equal("0", queuedPage.QuerySelector("progress")!.GetAttribute("value"));
        Assert.Null(queuedPage.QuerySelector("a[href*='handler=Download']"));
        // The user can stop the refreshing.
        var (still, _) = await ocw.GetPageAsync($"/Reports/Runs/Details/{runId}?verversen=uit");
        Assert.False(still.Headers.Contains("Refresh"));

        await RunJobAsync(runId);

        var (ready, readyPage) = await ocw.GetPageAsync($"/Reports/Runs/Details/{runId}");
        Assert.False(ready.Headers.Contains("Refresh"));
        Assert.Equal("Klaar", readyPage.QuerySelector("#stand")!.TextContent);
        Assert.Equal("100", readyPage.QuerySelector("progress")!.GetAttribute("value"));
        var link = readyPage.QuerySelector("a[href*='handler=Download']")!.GetAttribute("href")!;
        var download = await ocw.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var bytes = await download.Content.ReadAsByteArrayAsync();
        var texts = Texts(bytes);
        Assert.Contains("Techniekpromotie op 3/4 van de basisscholen", texts); // Noord
        Assert.Contains("Leerwerkplaatsen Chemelot", texts); // Zuid
        await using (var db = app.CreateAdminDbContext())
        {
            var run = await db.ReportRuns.SingleAsync(r => r.Id == runId);
            Assert.Equal((ReportRunScope.National, ReportRunState.Ready, 100), (run.Scope, run.State, run.Percent));
            Assert.Equal(bytes, run.Content);
            Assert.Equal(DemoAccounts.Ocw, run.RequestedByName);
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == AuditActions.ReportRequested && a.EntityId == runId.ToString()));
        }

        // The national report is every national user's: another ministry and the administrator find it
        // in their list and download the same file; a lead and a partner find nothing there.
        foreach (var other in new[] { DemoAccounts.Ezk, DemoAccounts.Admin })
        {
            using var browser = await app.SignInAsync(other);
            var (_, list) = await browser.GetPageAsync("/Reports/Runs");
            Assert.NotNull(list.QuerySelector($"a[href='/Reports/Runs/Details/{runId}']"));
            Assert.Equal(bytes, await (await browser.GetAsync(link)).Content.ReadAsByteArrayAsync());
        }
        foreach (var other in new[] { DemoAccounts.TrekkerNoord, DemoAccounts.PartnerDrenthe })
        {
            using var browser = await app.SignInAsync(other);
            Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/Reports/Runs/Details/{runId}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(link)).StatusCode);
            var (_, list) = await browser.GetPageAsync("/Reports/Runs");
            Assert.Null(list.QuerySelector($"a[href='/Reports/Runs/Details/{runId}']"));
        }
    }

    [Fact]
    public async Task A_second_request_while_the_run_is_under_way_joins_it_and_a_lost_run_is_not_joined()
    {
        using var ocw = await app.SignInAsync(DemoAccounts.Ocw);
        using var ezk = await app.SignInAsync(DemoAccounts.Ezk);
        var first = RunIdOf(await ocw.PostFormAsync("/Reports/Runs", [("year", "2019")]));
        // A double click of the same user and a second ministry, at once.
        var (_, form) = await ocw.GetPageAsync("/Reports");
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var clicks = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => ocw.Client.PostAsync("/Reports/Runs",
            new FormUrlEncodedContent([new("year", "2019"), new("__RequestVerificationToken", token)]))));
        Assert.All(clicks, c => Assert.Equal(first, RunIdOf(c)));
        Assert.Equal(first, RunIdOf(await ezk.PostFormAsync("/Reports/Runs", [("year", "2019")])));
        // Another year, or another coverage (a lead's region), is another run.
        Assert.NotEqual(first, RunIdOf(await ezk.PostFormAsync("/Reports/Runs", [("year", "2018")])));
        using var noord = await app.SignInAsync(DemoAccounts.TrekkerNoord);
        Assert.NotEqual(first, RunIdOf(await noord.PostFormAsync("/Reports/Runs", [("year", "2019")])));
        Assert.Single(HangfireJobs.Enqueued<ReportRunJob>(app), j => (int)j.Job.Args[0] == first);

        // A run still queued long after it was asked for lost its job: a request starts afresh.
        app.Time.Advance(ReportRun.LostAfter + TimeSpan.FromMinutes(1));
        using var later = await app.SignInAsync(DemoAccounts.Ocw);
        var fresh = RunIdOf(await later.PostFormAsync("/Reports/Runs", [("year", "2019")]));
        Assert.NotEqual(first, fresh);
        await HangfireJobs.PerformEnqueuedAsync<ReportRunJob>(app);
        await using var db = app.CreateAdminDbContext();
        Assert.Equal(ReportRunState.Ready, (await db.ReportRuns.SingleAsync(r => r.Id == fresh)).State);
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == AuditActions.ReportRequested && a.EntityId == first.ToString()));
    }

    [Fact]
    public async Task A_regional_leads_run_covers_its_own_landsdeel_whatever_the_form_says()
    {
        using var noord = await app.SignInAsync(DemoAccounts.TrekkerNoord);
        var runId = RunIdOf(await noord.PostFormAsync("/Reports/Runs", [("year", "2018"), ("Scope", "National"), ("RegionId", "99")]));
        await RunJobAsync(runId);

        var texts = Texts(await (await noord.GetAsync($"/Reports/Runs/Details/{runId}?handler=Download")).Content.ReadAsByteArrayAsync());
        Assert.Contains("Techniekpromotie op 3/4 van de basisscholen", texts);
        Assert.DoesNotContain("Leerwerkplaatsen Chemelot", texts);
        await using var db = app.CreateAdminDbContext();
        var run = await db.ReportRuns.SingleAsync(r => r.Id == runId);
        Assert.Equal((ReportRunScope.Region, await db.Regions.Where(r => r.Code == "noord").Select(r => (int?)r.Id).SingleAsync()), (run.Scope, run.RegionId));
    }

    [Fact]
    public async Task A_year_that_does_not_exist_is_refused_with_a_message()
    {
        using var ocw = await app.SignInAsync(DemoAccounts.Ocw);
        foreach (var year in new[] { "1999", "twee", "" })
        {
            var response = await ocw.PostFormAsync("/Reports/Runs", [("year", year)]);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("Kies een rapportagejaar uit de lijst.", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task The_bar_shows_the_percentage_the_builder_reports_while_it_works()
    {
        using var ocw = await app.SignInAsync(DemoAccounts.Ocw);
        var runId = RunIdOf(await ocw.PostFormAsync("/Reports/Runs", [("year", "2019")]));
        await using (var db = app.CreateAdminDbContext())
        {
            await db.ReportRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s.SetProperty(r => r.State, ReportRunState.Building));
        }
        var (_, building) = await ocw.GetPageAsync($"/Reports/Runs/Details/{runId}");
        Assert.Null(building.QuerySelector("progress")!.GetAttribute("value")); // no percentage yet: indeterminate

        await using (var progress = new ReportRunProgress(app.Services.GetRequiredService<IServiceScopeFactory>(), app.Time, runId))
        {
            ((IProgress<int>)progress).Report(20);
            ((IProgress<int>)progress).Report(45);
            ((IProgress<int>)progress).Report(30); // late report from another thread: the bar never goes back
        }

        var (_, page) = await ocw.GetPageAsync($"/Reports/Runs/Details/{runId}");
        Assert.Equal("45", page.QuerySelector("progress")!.GetAttribute("value"));
        Assert.Equal("Wordt gemaakt", page.QuerySelector("#stand")!.TextContent);
    }

    [Fact]
    public async Task Runs_are_removed_a_week_after_they_were_asked_for()
    {
        using var ocw = await app.SignInAsync(DemoAccounts.Ocw);
        var old = RunIdOf(await ocw.PostFormAsync("/Reports/Runs", [("year", "2020")]));
        await RunJobAsync(old);
        app.Time.Advance(TimeSpan.FromDays(6));
        using var later = await app.SignInAsync(DemoAccounts.Ocw); // the sign-in of six days ago has expired
        var recent = RunIdOf(await later.PostFormAsync("/Reports/Runs", [("year", "2020")]));
        app.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        using var now = await app.SignInAsync(DemoAccounts.Ocw);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<ReportRunRetention>().RunAsync(CancellationToken.None) >= 1);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await now.GetAsync($"/Reports/Runs/Details/{old}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await now.GetAsync($"/Reports/Runs/Details/{recent}")).StatusCode);
        // A job whose run is gone (delivered once more, late) does nothing.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ReportRunJob>().RunAsync(old, CancellationToken.None);
        }
        var recurring = app.Services.GetRequiredService<JobStorage>().GetConnection().GetRecurringJobs();
        Assert.Contains(recurring, j => j.Id == ReportRunRetention.RecurringJobId);
    }
}
