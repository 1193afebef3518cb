using System.Net;
using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Tests.Infrastructure;
using Commitments.Web.FrozenReports;
using Commitments.Web.ReportRuns;
using Microsoft.EntityFrameworkCore;
using static Commitments.Tests.FrozenReports.FrozenReportsSupport;

namespace Commitments.Tests.FrozenReports;

/// <summary>
/// A job that fails half-way (the database refuses to store a file: a trigger stands in for a full disk)
/// leaves nothing half done, says so in Dutch and English, and can be asked for again.
/// </summary>
public sealed class JobFailureTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    /// <summary>A trigger that refuses the rows whose new <paramref name="column"/> meets <paramref name="condition"/>, as a full disk would.</summary>
    private async Task<IAsyncDisposable> RefuseAsync(string table, string operation, string column, string condition)
    {
        await using var db = app.CreateAdminDbContext();
        var postgres = app.Database.Provider == DatabaseProvider.Postgres;
        if (postgres)
        {
            await db.Database.ExecuteSqlRawAsync(
                "CREATE FUNCTION refuse_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'schijf vol'; END $$;");
            var trigger = $"CREATE TRIGGER refuse_row BEFORE {operation} ON \"{table}\" FOR EACH ROW WHEN (NEW.\"{column}\" {condition}) EXECUTE FUNCTION refuse_row();";
            await db.Database.ExecuteSqlRawAsync(trigger);
        }
        else
        {
            var trigger = $"CREATE TRIGGER refuse_row BEFORE {operation} ON {table} WHEN NEW.{column} {condition} BEGIN SELECT RAISE(ABORT, 'schijf vol'); END;";
            await db.Database.ExecuteSqlRawAsync(trigger);
        }
        return new Removal(app, table, postgres);
    }

    private sealed class Removal(CommitmentsWebFactory app, string table, bool postgres) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using var db = app.CreateAdminDbContext();
            var drop = postgres ? $"DROP TRIGGER refuse_row ON \"{table}\"; DROP FUNCTION refuse_row();" : "DROP TRIGGER refuse_row;";
            await db.Database.ExecuteSqlRawAsync(drop);
        }
    }

    [Fact]
    public async Task A_freeze_that_fails_while_storing_its_reports_freezes_nothing_says_so_and_can_be_confirmed_again()
    {
        var cycleId = await CycleIdAsync(app, 2019);
        var url = $"/Admin/Cycles/Freeze/{cycleId}";
        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        int lastRegion;
        await using (var db = app.CreateAdminDbContext())
        {
            lastRegion = await db.Regions.MaxAsync(r => r.Id); // stored last: the national file and four others go first
        }

        await using (await RefuseAsync("AnnualReports", "INSERT", "RegionId", $"= {lastRegion}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync(url, [])).StatusCode);
            Assert.Equal(1, await HangfireJobs.PerformEnqueuedAsync<CycleFreezeJob>(app));
        }

        var (failed, page) = await admin.GetPageAsync(url);
        Assert.False(failed.Headers.Contains("Refresh"));
        var alert = page.QuerySelector("main [role=alert]")!.TextContent;
        Assert.Contains("Het bevriezen is mislukt; het rapportagejaar is niet bevroren", alert);
        Assert.Contains("Freezing failed; the reporting year is not frozen", alert);
        Assert.NotNull(page.QuerySelector("main form[method=post] button")); // confirm again
        await using (var db = app.CreateAdminDbContext())
        {
            Assert.Null((await db.ReportingCycles.SingleAsync(c => c.Id == cycleId)).FrozenAt);
            Assert.Equal(0, await db.AnnualReports.CountAsync(r => r.ReportingCycleId == cycleId));
            Assert.False(await db.AuditEntries.AnyAsync(a => a.Action == AuditActions.CycleFrozen && a.EntityId == cycleId.ToString()));
        }

        // Confirmed again once the disk has room: a new run, and the year is frozen with all six files.
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync(url, [])).StatusCode);
        Assert.Equal(1, await HangfireJobs.PerformEnqueuedAsync<CycleFreezeJob>(app));
        var (_, done) = await admin.GetPageAsync(url);
        Assert.Contains("Dit rapportagejaar is bevroren op", done.QuerySelector("main [role=status]")!.TextContent);
        Assert.Null(done.QuerySelector("main [role=alert]"));
        await using (var db = app.CreateAdminDbContext())
        {
            Assert.Equal(6, await db.AnnualReports.CountAsync(r => r.ReportingCycleId == cycleId));
            Assert.Equal(2, await db.ReportRuns.CountAsync(r => r.ReportingCycleId == cycleId && r.Scope == ReportRunScope.Freeze));
        }
    }

    [Fact]
    public async Task A_report_run_that_fails_says_so_and_is_asked_for_again_from_its_page()
    {
        using var ocw = await app.SignInAsync(DemoAccounts.Ocw);
        string runPage;
        await using (await RefuseAsync("ReportRuns", "UPDATE", "Content", "IS NOT NULL"))
        {
            var requested = await ocw.PostFormAsync("/Reports/Runs", ("year", "2020"));
            runPage = requested.Headers.Location!.OriginalString;
            Assert.Equal(1, await HangfireJobs.PerformEnqueuedAsync<ReportRunJob>(app));
        }

        var (failed, page) = await ocw.GetPageAsync(runPage);
        Assert.False(failed.Headers.Contains("Refresh"));
        Assert.Equal("Mislukt", page.QuerySelector("#stand")!.TextContent);
        var alert = page.QuerySelector("main [role=alert]")!.TextContent;
        Assert.Contains("Het maken van de rapportage is mislukt. Vraag hem opnieuw aan", alert);
        Assert.Contains("Making the report failed. Ask for it again", alert);
        Assert.Null(page.QuerySelector("a[href*='handler=Download']"));
        // The page offers the request again, for the same year; a failed run is not joined.
        Assert.NotNull(page.QuerySelector("form[action='/Reports/Runs'] option[value='2020']"));
        var again = await ocw.PostFormAsync("/Reports/Runs", ("year", "2020"));
        Assert.NotEqual(runPage, again.Headers.Location!.OriginalString);
        Assert.Equal(1, await HangfireJobs.PerformEnqueuedAsync<ReportRunJob>(app));
        var (_, ready) = await ocw.GetPageAsync(again.Headers.Location!.OriginalString);
        Assert.Equal("Klaar", ready.QuerySelector("#stand")!.TextContent);
        Assert.NotNull(ready.QuerySelector("a[href*='handler=Download']"));
    }
}
