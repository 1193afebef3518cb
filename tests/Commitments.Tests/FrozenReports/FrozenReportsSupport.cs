using System.Net;
using System.Security.Cryptography;
using ClosedXML.Excel;
using Commitments.Tests.Infrastructure;
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

    public static async Task FreezeAsync(CommitmentsWebFactory app, int year)
    {
        var response = await FreezeThroughPageAsync(app, year);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    public static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Every text in every sheet of the workbook (whatever its layout), to ask what a file contains.</summary>
    public static HashSet<string> Texts(byte[] workbook)
    {
        using var book = new XLWorkbook(new MemoryStream(workbook));
        return book.Worksheets.SelectMany(s => s.CellsUsed()).Select(c => c.GetString()).ToHashSet();
    }
}
