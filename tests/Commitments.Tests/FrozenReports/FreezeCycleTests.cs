using System.Net;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Commitments.Tests.FrozenReports.FrozenReportsSupport;

namespace Commitments.Tests.FrozenReports;

/// <summary>An administrator freezes a reporting year on the cycles page: every report stored with its hash, once.</summary>
public sealed class FreezeCycleTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    [Fact]
    public async Task Freezing_stores_the_national_report_and_one_per_landsdeel_with_their_hashes_and_a_second_freeze_is_refused()
    {
        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        var cycleId = await CycleIdAsync(app, 2018);
        var (_, cycles) = await admin.GetPageAsync("/Admin/Cycles");
        Assert.NotNull(cycles.QuerySelector($"a[href='/Admin/Cycles/Freeze/{cycleId}']"));
        var (confirm, page) = await admin.GetPageAsync($"/Admin/Cycles/Freeze/{cycleId}");
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Contains("niet terug te draaien", page.QuerySelector("main")!.TextContent);

        var frozen = await admin.PostFormAsync($"/Admin/Cycles/Freeze/{cycleId}", []);

        Assert.Equal(HttpStatusCode.Redirect, frozen.StatusCode);
        Assert.Equal("/Reports/Frozen#jaar-2018", frozen.Headers.Location!.OriginalString);
        var now = app.Time.GetUtcNow().UtcDateTime;
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
        }

        // Twice: refused with the reason, and nothing changes.
        app.Time.Advance(TimeSpan.FromMinutes(10)); // within the session's idle time-out
        var again = await admin.PostFormAsync($"/Admin/Cycles/Freeze/{cycleId}", []);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var refusal = TestBrowser.Parse(await again.Content.ReadAsStringAsync());
        Assert.Contains("Rapportagejaar 2018 is al bevroren", refusal.QuerySelector("[role=alert]")!.TextContent);
        Assert.Contains("already frozen", refusal.QuerySelector("[role=alert]")!.TextContent);
        Assert.Null(refusal.QuerySelector("main form[method=post] button"));
        await using (var db = app.CreateAdminDbContext())
        {
            Assert.Equal(now, (await db.ReportingCycles.SingleAsync(c => c.Id == cycleId)).FrozenAt);
            Assert.Equal(6, await db.AnnualReports.CountAsync(r => r.ReportingCycleId == cycleId));
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == AuditActions.CycleFrozen));
        }

        // Nobody but an administrator freezes.
        using var ocw = await app.SignInAsync(DemoAccounts.Ocw);
        var byMinistry = await ocw.PostFormAsync($"/Admin/Cycles/Freeze/{await CycleIdAsync(app, 2019)}", [], tokenFrom: "/Reports");
        Assert.True(TestBrowser.IsAccessDenied(byMinistry));
        await using (var db = app.CreateAdminDbContext())
        {
            Assert.Null((await db.ReportingCycles.SingleAsync(c => c.Year == 2019)).FrozenAt);
        }
    }
}
