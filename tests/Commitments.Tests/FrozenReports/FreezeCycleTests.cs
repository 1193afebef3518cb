using System.Net;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Commitments.Web.FrozenReports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Commitments.Tests.FrozenReports.FrozenReportsSupport;

namespace Commitments.Tests.FrozenReports;

/// <summary>
/// An administrator freezes a reporting year on the cycles page: the confirmation queues a job, the
/// page shows its progress, and the job stores every report with its hash and freezes the year, once.
/// </summary>
public sealed class FreezeCycleTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    [Fact]
    public async Task Freezing_stores_the_national_report_and_one_per_landsdeel_with_their_hashes_and_a_second_freeze_is_refused()
    {
        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        var cycleId = await CycleIdAsync(app, 2018);
        var url = $"/Admin/Cycles/Freeze/{cycleId}";
        var (_, cycles) = await admin.GetPageAsync("/Admin/Cycles");
        Assert.NotNull(cycles.QuerySelector($"a[href='{url}']"));
        var (confirm, page) = await admin.GetPageAsync(url);
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Contains("niet terug te draaien", page.QuerySelector("main")!.TextContent);

        var confirmed = await admin.PostFormAsync(url, []);

        // The request only queues the freeze: the page shows it under way, refreshing itself, with no second button.
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal(url, confirmed.Headers.Location!.OriginalString);
        var (queued, queuedPage) = await admin.GetPageAsync(url);
        Assert.Equal("3", queued.Headers.GetValues("Refresh").Single());
        Assert.Equal("In de wachtrij", queuedPage.QuerySelector("#stand")!.TextContent);
        Assert.Contains("worden nu gemaakt", queuedPage.QuerySelector("main")!.TextContent);
        Assert.Null(queuedPage.QuerySelector("main form[method=post] button"));
        var job = Assert.Single(HangfireJobs.Enqueued<CycleFreezeJob>(app));
        await using (var db = app.CreateAdminDbContext())
        {
            Assert.Null((await db.ReportingCycles.SingleAsync(c => c.Id == cycleId)).FrozenAt);
            var run = await db.ReportRuns.SingleAsync(r => r.ReportingCycleId == cycleId && r.Scope == ReportRunScope.Freeze);
            Assert.Equal([run.Id], job.Job.Args.OfType<int>()); // the run's id is the only argument
        }

        Assert.Equal(1, await HangfireJobs.PerformEnqueuedAsync<CycleFreezeJob>(app));

        var now = app.Time.GetUtcNow().UtcDateTime;
        var (done, donePage) = await admin.GetPageAsync(url);
        Assert.False(done.Headers.Contains("Refresh"));
        Assert.Contains("Dit rapportagejaar is bevroren op", donePage.QuerySelector("main [role=status]")!.TextContent);
        Assert.NotNull(donePage.QuerySelector("a[href='/Reports/Frozen#jaar-2018']"));
        await using (var db = app.CreateAdminDbContext())
        {
            Assert.Equal(now, (await db.ReportingCycles.SingleAsync(c => c.Id == cycleId)).FrozenAt);
            var reports = await db.AnnualReports.Include(r => r.Region).Where(r => r.ReportingCycleId == cycleId).ToListAsync();
            var regions = await db.Regions.Select(r => r.Name).OrderBy(n => n).ToListAsync();
            Assert.Equal(regions.Count + 1, reports.Count);
            Assert.Equal(regions, reports.Where(r => r.Region != null).Select(r => r.Region!.Name).Order());
            Assert.All(reports, r =>
            {
                Assert.Equal(Sha256(r.Content), r.Sha256);
                Assert.Equal(now, r.FrozenAt);
                Assert.Equal(DemoAccounts.Admin, r.FrozenByName);
                Assert.False(string.IsNullOrEmpty(r.FrozenByUserId));
            });
            // The national file has every region's commitments, the file of Noord only those of Noord.
            var national = Texts(reports.Single(r => r.RegionId == null).Content);
            var noord = Texts(reports.Single(r => r.Region?.Code == "noord").Content);
            Assert.Contains("Techniekpromotie op 3/4 van de basisscholen", national); // Drenthe, Noord
            Assert.Contains("Leerwerkplaatsen Chemelot", national); // Limburg, Zuid
            Assert.Contains("Techniekpromotie op 3/4 van de basisscholen", noord);
            Assert.DoesNotContain("Leerwerkplaatsen Chemelot", noord);
            var audit = await db.AuditEntries.SingleAsync(a => a.Action == AuditActions.CycleFrozen && a.EntityId == cycleId.ToString());
            Assert.Equal(DemoAccounts.Admin, audit.UserName);
            Assert.Contains(reports[0].Sha256, audit.Details);
            var run = await db.ReportRuns.SingleAsync(r => r.ReportingCycleId == cycleId && r.Scope == ReportRunScope.Freeze);
            Assert.Equal((ReportRunState.Ready, 100), (run.State, run.Percent));
        }

        // Twice: refused with the reason, and nothing changes.
        app.Time.Advance(TimeSpan.FromMinutes(10)); // within the session's idle time-out
        var again = await admin.PostFormAsync(url, []);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var refusal = TestBrowser.Parse(await again.Content.ReadAsStringAsync());
        Assert.Contains("Rapportagejaar 2018 is al bevroren", refusal.QuerySelector("[role=alert]")!.TextContent);
        Assert.Contains("already frozen", refusal.QuerySelector("[role=alert]")!.TextContent);
        Assert.Null(refusal.QuerySelector("main form[method=post] button"));
        Assert.Empty(HangfireJobs.Enqueued<CycleFreezeJob>(app));
        await using (var db = app.CreateAdminDbContext())
        {
            Assert.Equal(now, (await db.ReportingCycles.SingleAsync(c => c.Id == cycleId)).FrozenAt);
            Assert.Equal(6, await db.AnnualReports.CountAsync(r => r.ReportingCycleId == cycleId));
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == AuditActions.CycleFrozen && a.EntityId == cycleId.ToString()));
        }

        // Nobody but an administrator freezes.
        using var ocw = await app.SignInAsync(DemoAccounts.Ocw);
        var byMinistry = await ocw.PostFormAsync($"/Admin/Cycles/Freeze/{await CycleIdAsync(app, 2019)}", [], tokenFrom: "/Reports");
        Assert.True(TestBrowser.IsAccessDenied(byMinistry));
        Assert.Empty(HangfireJobs.Enqueued<CycleFreezeJob>(app));
        await using (var db = app.CreateAdminDbContext())
        {
            Assert.Null((await db.ReportingCycles.SingleAsync(c => c.Year == 2019)).FrozenAt);
        }
    }

    [Fact]
    public async Task A_double_click_and_a_second_administrator_while_the_freeze_is_under_way_join_it_and_the_year_is_frozen_once()
    {
        var cycleId = await CycleIdAsync(app, 2020);
        var url = $"/Admin/Cycles/Freeze/{cycleId}";
        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        var (_, form) = await admin.GetPageAsync(url);
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        // A double click: the same form posted twice at once.
        var posts = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ =>
            admin.Client.PostAsync(url, new FormUrlEncodedContent([new("__RequestVerificationToken", token)]))));
        Assert.All(posts, p => Assert.Equal(HttpStatusCode.Redirect, p.StatusCode));
        // A second administrator, who opened the page before the first confirmed.
        var second = await CreateSecondAdministratorAsync();
        using var other = await app.SignInAsync(second);
        Assert.Equal(HttpStatusCode.Redirect, (await other.PostFormAsync(url, [])).StatusCode);
        var (_, theirs) = await other.GetPageAsync(url);
        Assert.Equal("In de wachtrij", theirs.QuerySelector("#stand")!.TextContent);

        Assert.Single(HangfireJobs.Enqueued<CycleFreezeJob>(app));
        Assert.Equal(1, await HangfireJobs.PerformEnqueuedAsync<CycleFreezeJob>(app));

        await using var db = app.CreateAdminDbContext();
        Assert.Equal(1, await db.ReportRuns.CountAsync(r => r.ReportingCycleId == cycleId && r.Scope == ReportRunScope.Freeze));
        Assert.Equal(6, await db.AnnualReports.CountAsync(r => r.ReportingCycleId == cycleId));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == AuditActions.CycleFrozen && a.EntityId == cycleId.ToString()));
        Assert.NotNull((await db.ReportingCycles.SingleAsync(c => c.Id == cycleId)).FrozenAt);
    }

    private async Task<string> CreateSecondAdministratorAsync()
    {
        const string email = "tweede.beheerder@techniekpact.test";
        await using var scope = app.Services.CreateAsyncScope();
        using var widened = scope.ServiceProvider.GetRequiredService<Web.Tenancy.DataScopeAccessor>()
            .Widen(Core.Tenancy.DataScope.Everything("test: a second administrator"));
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Core.Identity.AppUser>>();
        var user = new Core.Identity.AppUser { UserName = email, Email = email };
        Assert.True((await users.CreateAsync(user, CommitmentsWebFactory.Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, Core.Identity.Roles.Administrator)).Succeeded);
        return email;
    }
}

/// <summary>The freeze page's bar, while the job works (its own application: the job is left unfinished).</summary>
public sealed class FreezeProgressTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    [Fact]
    public async Task The_bar_follows_the_freeze_across_its_reports()
    {
        var cycleId = await CycleIdAsync(app, 2019);
        var url = $"/Admin/Cycles/Freeze/{cycleId}";
        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync(url, [])).StatusCode);
        int runId;
        await using (var db = app.CreateAdminDbContext())
        {
            runId = await db.ReportRuns.Where(r => r.ReportingCycleId == cycleId && r.Scope == ReportRunScope.Freeze).Select(r => r.Id).SingleAsync();
            await db.ReportRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s.SetProperty(r => r.State, ReportRunState.Building));
        }
        var (_, building) = await admin.GetPageAsync(url);
        Assert.Equal("Wordt gemaakt", building.QuerySelector("#stand")!.TextContent);
        Assert.Null(building.QuerySelector("progress")!.GetAttribute("value")); // nothing reported yet: indeterminate

        await using (var progress = new Web.ReportRuns.ReportRunProgress(
                         app.Services.GetRequiredService<IServiceScopeFactory>(),
                         app.Time, runId))
        {
            ((IProgress<int>)progress).Report(40);
        }
        var (_, page) = await admin.GetPageAsync(url);
        Assert.Equal("40", page.QuerySelector("progress")!.GetAttribute("value"));
        var (stopped, _) = await admin.GetPageAsync(url + "?verversen=uit");
        Assert.False(stopped.Headers.Contains("Refresh"));
    }
}
