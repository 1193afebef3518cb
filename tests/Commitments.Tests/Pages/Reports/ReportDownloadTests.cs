using System.Net;
using ClosedXML.Excel;
using Commitments.Tests.Infrastructure;
using Commitments.Tests.Reporting;
using Commitments.Web.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Commitments.Tests.Pages.Reports;

/// <summary>
/// The path from the reports page to the workbook, with the downloader's scope applied: the national
/// report through a run (a Hangfire job), a landsdeel's and an organisation's straight from the link.
/// </summary>
public sealed class ReportDownloadTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private static async Task<List<string>> RegionsInWorkbookAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        using var workbook = new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        var sheet = workbook.Worksheet("Toezeggingen");
        var regionColumn = sheet.Row(1).CellsUsed().Single(c => c.GetString() == "Landsdeel").Address.ColumnNumber;
        return sheet.RowsUsed().Skip(1).Select(r => r.Cell(regionColumn).GetString()).Distinct().Order().ToList();
    }

    [Fact]
    public async Task The_ministry_downloads_a_national_report_with_every_region()
    {
        using var ocw = await app.SignInAsync(DemoAccounts.Ocw);

        var response = await FrozenReports.FrozenReportsSupport.NationalReportAsync(app, ocw, 2018);

        Assert.Equal(new[] { "Noord", "Noordwest", "Oost", "Zuid", "Zuidwest" }, await RegionsInWorkbookAsync(response));
        Assert.Contains("Nationaal", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        await using var db = app.CreateAdminDbContext();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == Core.Domain.AuditActions.ReportDownloaded && a.UserName == DemoAccounts.Ocw));
    }

    [Fact]
    public async Task A_regional_lead_downloads_the_report_of_its_own_region_only()
    {
        using var zuid = await app.SignInAsync(DemoAccounts.TrekkerZuid);
        var response = await zuid.GetAsync("/Reports?handler=Download&year=2018");
        Assert.Equal(["Zuid"], await RegionsInWorkbookAsync(response));

        using var noord = await app.SignInAsync(DemoAccounts.TrekkerNoord);
        Assert.Equal(["Noord"], await RegionsInWorkbookAsync(await noord.GetAsync("/Reports?handler=Download&year=2018")));
    }

    [Fact]
    public async Task A_regional_lead_without_a_region_is_refused_and_gets_no_report()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            using var widened = scope.ServiceProvider.GetRequiredService<Web.Tenancy.DataScopeAccessor>()
                .Widen(Core.Tenancy.DataScope.Everything("test: account without region"));
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Core.Identity.AppUser>>();
            var user = new Core.Identity.AppUser { UserName = "trekker.zonder.regio@techniekpact.test", Email = "trekker.zonder.regio@techniekpact.test" };
            Assert.True((await users.CreateAsync(user, CommitmentsWebFactory.Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Core.Identity.Roles.RegionalLead)).Succeeded);
        }
        using var lead = await app.SignInAsync("trekker.zonder.regio@techniekpact.test");
        var response = await lead.GetAsync("/Reports?handler=Download&year=2018");
        // Forbidden: the cookie scheme sends the browser to the access-denied page.
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Contains("/Account/AccessDenied", response.Headers.Location!.OriginalString);
        Assert.NotEqual("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_year_without_a_cycle_is_not_found()
    {
        using var ocw = await app.SignInAsync(DemoAccounts.Ocw);
        Assert.Equal(HttpStatusCode.NotFound, (await ocw.GetAsync("/Reports?handler=Download&year=1999")).StatusCode);
        using var zuid = await app.SignInAsync(DemoAccounts.TrekkerZuid);
        Assert.Equal(HttpStatusCode.NotFound, (await zuid.GetAsync("/Reports?handler=Download&year=1999")).StatusCode);
    }
}

/// <summary>Each role downloads only what it may see; proven by opening the files.</summary>
public sealed class ReportScopeDownloadTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private static async Task<ReportReader> OpenAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new ReportReader(new ReportFile(
            response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName!,
            await response.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task A_partner_is_offered_and_downloads_its_own_organisations_report_only()
    {
        using var drenthe = await app.SignInAsync(DemoAccounts.PartnerDrenthe);
        var (page, document) = await drenthe.GetPageAsync("/Reports");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("eigen organisatie", document.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var link = document.QuerySelector("a[href*='handler=Download'][href*='year=2018']")!.GetAttribute("href")!;

        using var partner = await OpenAsync(await drenthe.GetAsync(link));
        Assert.Equal("Organisatie " + DemoAccounts.Drenthe, partner.SummaryValue("Reikwijdte").GetString());
        Assert.Contains("Organisatie-Provincie-Drenthe", partner.File.FileName, StringComparison.Ordinal);
        Assert.NotEmpty(partner.CommitmentRows);
        Assert.All(partner.CommitmentRows, row =>
        {
            var lead = row.Cell(partner.Headers.ToList().IndexOf("Penvoerder") + 1).GetString();
            var coPartners = row.Cell(partner.Headers.ToList().IndexOf("Co-partners") + 1).GetString();
            Assert.True(lead == DemoAccounts.Drenthe || coPartners.Contains(DemoAccounts.Drenthe, StringComparison.Ordinal), $"{lead} / {coPartners}");
        });
        var ids = partner.CommitmentIds.ToHashSet();
        foreach (var sheet in new[] { "Indicatoren", "Voortgang", "Niet gerapporteerd" })
        {
            Assert.All(partner.ListRows(sheet), r => Assert.Contains((int)r["Nr toezegging"].GetDouble(), ids));
        }

        using var ocw = await app.SignInAsync(DemoAccounts.Ocw);
        using var national = await OpenAsync(await FrozenReports.FrozenReportsSupport.NationalReportAsync(app, ocw, 2018));
        Assert.True(national.CommitmentRows.Count > partner.CommitmentRows.Count);
        Assert.Subset(national.CommitmentIds.ToHashSet(), ids);
    }

    [Fact]
    public async Task A_regional_lead_finds_only_its_own_region_on_every_sheet()
    {
        using var zuid = await app.SignInAsync(DemoAccounts.TrekkerZuid);
        using var report = await OpenAsync(await zuid.GetAsync("/Reports?handler=Download&year=2018"));
        Assert.Equal("Landsdeel Zuid", report.SummaryValue("Reikwijdte").GetString());
        foreach (var sheet in new[] { "Toezeggingen", "Indicatoren", "Voortgang", "Niet gerapporteerd" })
        {
            Assert.All(report.ListRows(sheet), r => Assert.Equal("Zuid", r["Landsdeel"].GetString()));
        }
        Assert.Equal(["Zuid"], report.ListRows("Per landsdeel").Select(r => r["Landsdeel"].GetString()));
    }
}
