using System.Net;
using System.Security.Cryptography;
using ClosedXML.Excel;
using Commitments.Tests.Infrastructure;
using Commitments.Web.FrozenReports;
using Commitments.Web.ReportRuns;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.FrozenReports;

/// <summary>Freezing through the administrator's page, and reading what a workbook says.</summary>
public static class FrozenReportsSupport
{
    public static async Task<int> CycleIdAsync(CommitmentsWebFactory app, int year)
    {
        await using var db = app.CreateAdminDbContext();
        return await db.ReportingCycles.Where(c => c.Year == year).Select(c => c.Id).SingleAsync();
    }

    /// <summary>The administrator opens the freeze page of the year and confirms; the answer of the post.</summary>
    public static async Task<HttpResponseMessage> FreezeThroughPageAsync(CommitmentsWebFactory app, int year)
    {
        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        var url = $"/Admin/Cycles/Freeze/{await CycleIdAsync(app, year)}";
        return await admin.PostFormAsync(url, []);
    }

    /// <summary>The administrator confirms; the freeze job runs (as Hangfire's worker would); the year is frozen.</summary>
    public static async Task FreezeAsync(CommitmentsWebFactory app, int year)
    {
        var response = await FreezeThroughPageAsync(app, year);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/Admin/Cycles/Freeze/{await CycleIdAsync(app, year)}", response.Headers.Location!.OriginalString);
        Assert.Equal(1, await HangfireJobs.PerformEnqueuedAsync<CycleFreezeJob>(app));
        await using var db = app.CreateAdminDbContext();
        Assert.NotNull((await db.ReportingCycles.SingleAsync(c => c.Year == year)).FrozenAt);
    }

    /// <summary>
    /// The national report of the year as a ministry or administrator gets it: the reports page's button
    /// asks for a run, the job runs (as Hangfire's worker would), the run's page offers the download.
    /// </summary>
    public static async Task<HttpResponseMessage> NationalReportAsync(CommitmentsWebFactory app, TestBrowser national, int year)
    {
        var (_, reports) = await national.GetPageAsync("/Reports");
        Assert.NotNull(reports.QuerySelector($"form[action='/Reports/Runs'] input[name=year][value='{year}']"));
        var requested = await national.PostFormAsync("/Reports/Runs", ("year", year.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.Redirect, requested.StatusCode);
        var runPage = requested.Headers.Location!.OriginalString;
        await HangfireJobs.PerformEnqueuedAsync<ReportRunJob>(app);
        var (_, page) = await national.GetPageAsync(runPage);
        var link = page.QuerySelector("a[href*='handler=Download']")?.GetAttribute("href");
        Assert.True(link != null, $"no download on {runPage}: {page.QuerySelector("main")?.TextContent}");
        return await national.GetAsync(link);
    }

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Every text in every sheet of the workbook (whatever its layout), to ask what a file contains.</summary>
    public static HashSet<string> Texts(byte[] workbook)
    {
        using var book = new XLWorkbook(new MemoryStream(workbook));
        return book.Worksheets.SelectMany(s => s.CellsUsed()).Select(c => c.GetString()).ToHashSet();
    }
}
