using System.Net;
using ClosedXML.Excel;
using Commitments.Tests.Infrastructure;
using Commitments.Tests.Pages.Commitments;
using Commitments.Tests.Reporting;
using Commitments.Web.Reporting;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Pages.Reports;

/// <summary>
/// From the form to the cell: what a partner types on the commitment page arrives in the downloaded
/// workbook exactly as typed, as text; numbers as numbers and dates as dates.
/// </summary>
public sealed class ReportFidelityTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    public static TheoryData<string> OddTexts =>
    [
        "3/4", "00123", "=1+1", "+31 6 12345678", "-5 graden", "@SUM(A1:A3)", "TRUE", "1e5", "12-05-2018",
        "Regel één\r\nRegel twee", "Techniek 🚀 voor iedereen", "<b>vet</b> & \"aanhalingstekens\"",
    ];

    [Theory]
    [MemberData(nameof(OddTexts))]
    public async Task Text_typed_in_the_form_is_in_the_report_exactly_as_typed(string text)
    {
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        int theme;
        await using (var db = app.CreateAdminDbContext())
        {
            theme = await db.Themes.Where(t => t.Name == "Leren in de techniek").Select(t => t.Id).SingleAsync();
        }
        var title = text.Contains('\n') ? $"Titel {Guid.NewGuid():N}" : $"{text}";
        var form = await CommitmentFormPage.OpenAsync(limburg, "/Commitments/Create");
        form.Set("Form.Title", title).Set("Form.EndDate", "2020-12-31").Set("Form.Budget", "25.000,50")
            .Set("Form.InKindDescription", text).Set("Form.ContactName", text)
            .Check("Form.ThemeIds", theme.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Indicator(0, text.Length > 60 ? text[..60] : text, "aantal", "0", "40", "2020-12-31");
        var id = CommitmentFormPage.IdFromRedirect(await form.PostAsync(limburg, "Submit"));

        // The partner checks its own organisation's report of the open year, as it will reach the ministers.
        var response = await limburg.GetAsync("/Reports?handler=Download&year=2020");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var report = new ReportReader(new ReportFile("r.xlsx", await response.Content.ReadAsByteArrayAsync()));

        // A browser posts line breaks as \r\n; the report keeps them as the database has them.
        string stored;
        await using (var db = app.CreateAdminDbContext())
        {
            stored = await db.Commitments.Where(c => c.Id == id).Select(c => c.InKindDescription!).SingleAsync();
        }
        foreach (var (header, expected) in new[] { ("Titel", title), ("In natura", stored), ("Contactpersoon", text) })
        {
            var cell = report.Cell(id, header);
            Assert.Equal(XLDataType.Text, cell.DataType);
            Assert.Equal(expected, cell.GetString());
            Assert.False(cell.HasFormula);
        }
        var budget = report.Cell(id, "Budget");
        Assert.Equal(XLDataType.Number, budget.DataType);
        Assert.Equal(25000.50, budget.GetDouble(), 2);
        var end = report.Cell(id, "Einddatum");
        Assert.Equal(XLDataType.DateTime, end.DataType);
        Assert.Equal(new DateTime(2020, 12, 31), end.GetDateTime());
        var indicator = report.ListRows("Indicatoren").Single(r => (int)r["Nr toezegging"].GetDouble() == id);
        Assert.Equal(XLDataType.Text, indicator["Indicator"].DataType);
        Assert.Equal(text.Length > 60 ? text[..60] : text, indicator["Indicator"].GetString());
        Assert.Equal(40, indicator["Streefwaarde"].GetDouble());
        Assert.Empty(report.RawWorksheetElements("f"));
    }
}
