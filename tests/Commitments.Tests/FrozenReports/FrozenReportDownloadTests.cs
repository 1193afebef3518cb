using System.Net;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Commitments.Tests.FrozenReports.FrozenReportsSupport;

namespace Commitments.Tests.FrozenReports;

/// <summary>
/// The list of frozen reports and their downloads: exactly the stored bytes, whatever changed since;
/// ministries see every file, a regional lead only its own landsdeel's, partners none.
/// </summary>
public sealed class FrozenReportDownloadTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        await using var db = app.CreateAdminDbContext();
        if (!await db.AnnualReports.AnyAsync())
        {
            await FreezeAsync(app, 2018);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_frozen_report_downloads_byte_for_byte_after_the_data_changed()
    {
        using var ocw = await app.SignInAsync(DemoAccounts.Ocw);
        var (listed, list) = await ocw.GetPageAsync("/Reports/Frozen");
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        var rows = list.QuerySelectorAll("#jaar-2018 + .table-scroll tbody tr");
        Assert.Equal(6, rows.Length);
        var national = rows.Single(r => r.QuerySelector("th")!.TextContent == "Landelijk");
        var shownHash = national.QuerySelector("code")!.TextContent;
        Assert.Equal(DemoAccounts.Admin, national.QuerySelectorAll("td")[1].TextContent);
        var link = national.QuerySelector("a[href*='handler=Download']")!.GetAttribute("href")!;

        var first = await ocw.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var bytes = await first.Content.ReadAsByteArrayAsync();
        Assert.Equal(shownHash, Sha256(bytes));

        // The data changes after the freeze: an organisation is renamed. The live report shows it ...
        await using (var db = app.CreateAdminDbContext())
        {
            var drenthe = await db.Organizations.SingleAsync(o => o.Name == DemoAccounts.Drenthe);
            drenthe.Name = "Provincie Drenthe (hernoemd)";
            await db.SaveChangesAsync();
        }
        var live = await (await NationalReportAsync(app, ocw, 2018)).Content.ReadAsByteArrayAsync(); // made by a run
        Assert.Contains("Provincie Drenthe (hernoemd)", Texts(live));

        // ... the frozen one is the file of the day it was frozen, to the byte.
        var later = await ocw.GetAsync(link);
        var laterBytes = await later.Content.ReadAsByteArrayAsync();
        Assert.Equal(bytes, laterBytes);
        Assert.Equal(shownHash, Sha256(laterBytes));
        Assert.DoesNotContain("Provincie Drenthe (hernoemd)", Texts(laterBytes));
        Assert.Contains(DemoAccounts.Drenthe, Texts(laterBytes));
        await using (var db = app.CreateAdminDbContext())
        {
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == Core.Domain.AuditActions.ReportDownloaded
                && a.EntityType == "AnnualReport" && a.UserName == DemoAccounts.Ocw && a.Details!.Contains(shownHash)));
        }
    }

    [Fact]
    public async Task A_regional_lead_sees_and_downloads_only_its_own_landsdeels_frozen_report()
    {
        Dictionary<string, int> ids;
        await using (var db = app.CreateAdminDbContext())
        {
            ids = await db.AnnualReports.Include(r => r.Region).Where(r => r.ReportingCycle!.Year == 2018)
                .ToDictionaryAsync(r => r.Region == null ? "nationaal" : r.Region.Code, r => r.Id);
        }
        using var noord = await app.SignInAsync(DemoAccounts.TrekkerNoord);
        var (_, list) = await noord.GetPageAsync("/Reports/Frozen");
        var row = Assert.Single(list.QuerySelectorAll("tbody tr"));
        Assert.Equal("Landsdeel Noord", row.QuerySelector("th")!.TextContent);

        var own = await noord.GetAsync($"/Reports/Frozen?handler=Download&id={ids["noord"]}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.DoesNotContain("Leerwerkplaatsen Chemelot", Texts(await own.Content.ReadAsByteArrayAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await noord.GetAsync($"/Reports/Frozen?handler=Download&id={ids["nationaal"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await noord.GetAsync($"/Reports/Frozen?handler=Download&id={ids["zuid"]}")).StatusCode);

        using var partner = await app.SignInAsync(DemoAccounts.PartnerDrenthe);
        Assert.True(TestBrowser.IsAccessDenied(await partner.GetAsync("/Reports/Frozen")));
        Assert.True(TestBrowser.IsAccessDenied(await partner.GetAsync($"/Reports/Frozen?handler=Download&id={ids["noord"]}")));
    }

    [Fact]
    public async Task A_stored_frozen_report_cannot_be_changed_or_deleted_even_by_an_administrator()
    {
        await using (var db = app.CreateAdminDbContext())
        {
            var report = await db.AnnualReports.FirstAsync();
            report.Content = [1, 2, 3];
            Assert.Equal("Een bevroren rapportage verandert nooit. (A frozen report never changes.)",
                (await Assert.ThrowsAsync<Core.Domain.FrozenCycleException>(() => db.SaveChangesAsync())).Message);
        }
        await using (var db = app.CreateAdminDbContext())
        {
            db.AnnualReports.Remove(await db.AnnualReports.FirstAsync());
            await Assert.ThrowsAsync<Core.Domain.FrozenCycleException>(() => db.SaveChangesAsync());
        }
        await using (var db = app.CreateAdminDbContext())
        {
            Assert.All(await db.AnnualReports.ToListAsync(), r => Assert.Equal(Sha256(r.Content), r.Sha256));
        }
    }
}
