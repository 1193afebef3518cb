using ClosedXML.Excel;
using Commitments.Core.Domain;

namespace Commitments.Web.Reporting;

/// <summary>
/// Lays out an <see cref="AnnualReportModel"/> as the workbook the ministers' offices open in Excel or
/// LibreOffice. Rules that keep the file faithful and safe:
/// <list type="bullet">
/// <item>Text typed by users goes in with <c>SetValue&lt;string&gt;</c> only, so "3/4" stays text and
/// KvK "01234567" keeps its leading zero; text is never written as a formula.</item>
/// <item>Numbers and dates go in as numbers and dates, with Dutch-looking formats.</item>
/// <item>Column widths are set here: ClosedXML's AdjustToContents needs libgdiplus, absent on our servers.</item>
/// </list>
/// </summary>
internal static class AnnualReportWorkbook
{
    public const string SummarySheet = "Samenvatting";
    public const string CommitmentsSheet = "Toezeggingen";
    public const string EuroFormat = "€ #,##0.00";
    public const string DateFormat = "dd-mm-yyyy";
    public const string DateTimeFormat = "dd-mm-yyyy hh:mm";

    private sealed record Column(string Header, double Width, string? NumberFormat = null);

    private static readonly Column[] CommitmentColumns =
    [
        new("Nr", 8),
        new("Titel", 50),
        new("Penvoerder", 36),
        new("KvK-nummer", 12),
        new("Type organisatie", 20),
        new("Landsdeel", 13),
        new("Provincie", 16),
        new("Thema's", 40),
        new("Co-partners", 40),
        new("Status", 14),
        new("Startdatum", 12, DateFormat),
        new("Einddatum", 12, DateFormat),
        new("Budget", 16, EuroFormat),
        new("In natura", 40),
        new("Indicatoren", 12),
        new("Laatste voortgang", 18),
        new("Jaar laatste voortgang", 22),
    ];

    public static byte[] Write(AnnualReportModel model)
    {
        using var workbook = new XLWorkbook();
        var title = $"Voortgangsrapportage Techniekpact {model.Year}";
        // Fixed document properties: the same data at the same moment gives the same workbook.
        workbook.Properties.Title = $"{title} - {model.ScopeLabel}";
        workbook.Properties.Author = "Nationaal Techniekpact";
        workbook.Properties.Created = model.GeneratedAtAmsterdam;
        workbook.Properties.Modified = model.GeneratedAtAmsterdam;

        WriteSummary(workbook.Worksheets.Add(SummarySheet), title, model);
        WriteCommitments(workbook.Worksheets.Add(CommitmentsSheet), model.Commitments);

        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    private static void WriteSummary(IXLWorksheet sheet, string title, AnnualReportModel model)
    {
        sheet.Column(1).Width = 42;
        sheet.Column(2).Width = 22;
        sheet.Column(3).Width = 16;
        sheet.Column(4).Width = 26;

        var titleCell = sheet.Cell(1, 1);
        Text(titleCell, title);
        titleCell.Style.Font.Bold = true;
        titleCell.Style.Font.FontSize = 16;

        Text(sheet.Cell(2, 1), "Reikwijdte");
        Text(sheet.Cell(2, 2), model.ScopeLabel);
        Text(sheet.Cell(3, 1), "Rapportagejaar");
        sheet.Cell(3, 2).SetValue(model.Year).Style.NumberFormat.Format = "0";
        Text(sheet.Cell(4, 1), "Gegenereerd op");
        sheet.Cell(4, 2).SetValue(model.GeneratedAtAmsterdam).Style.NumberFormat.Format = DateTimeFormat;
        sheet.Range(2, 2, 4, 2).Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Left;

        var row = 6;
        Heading(sheet.Cell(row++, 1), "Toezeggingen per status");
        HeaderRow(sheet, row++, "Status", "Aantal");
        foreach (var status in model.StatusCounts)
        {
            Text(sheet.Cell(row, 1), status.Status.Label());
            sheet.Cell(row, 2).SetValue(status.Count);
            if (status.Status == CommitmentStatus.Draft)
            {
                Text(sheet.Cell(row, 3), "niet opgenomen in dit rapport");
            }
            row++;
        }
        Text(sheet.Cell(row, 1), "Totaal in dit rapport");
        sheet.Cell(row, 2).SetValue(model.Commitments.Count);
        sheet.Range(row, 1, row, 2).Style.Font.Bold = true;
        row += 2;

        Text(sheet.Cell(row, 1), "Totaal budget (excl. ingetrokken)");
        Euro(sheet.Cell(row, 2), model.TotalBudget);
        sheet.Range(row, 1, row, 2).Style.Font.Bold = true;
        row += 2;

        Heading(sheet.Cell(row++, 1), "Per landsdeel");
        HeaderRow(sheet, row++, "Landsdeel", "Aantal toezeggingen", "Goedgekeurd", "Budget naar aandeel (excl. ingetrokken)");
        foreach (var region in model.Regions)
        {
            Text(sheet.Cell(row, 1), region.Name);
            sheet.Cell(row, 2).SetValue(region.Commitments);
            sheet.Cell(row, 3).SetValue(region.Approved);
            Euro(sheet.Cell(row, 4), region.Budget);
            row++;
        }
        row++;

        Heading(sheet.Cell(row++, 1), "Per thema");
        HeaderRow(sheet, row++, "Thema", "Aantal toezeggingen", "Budget (verdeeld)");
        foreach (var theme in model.Themes)
        {
            Text(sheet.Cell(row, 1), theme.Name);
            sheet.Cell(row, 2).SetValue(theme.Commitments);
            Euro(sheet.Cell(row, 3), theme.Budget);
            row++;
        }
        Text(sheet.Cell(row + 1, 1), "Een toezegging met meer thema's telt bij elk van die thema's mee; haar budget wordt gelijk over die thema's verdeeld.");
        sheet.Cell(row + 1, 1).Style.Font.Italic = true;
        Text(sheet.Cell(row + 2, 1), "Budget per landsdeel: een gezamenlijke toezegging telt in het landsdeel van elke deelnemer naar zijn aandeel, dus één keer.");
        sheet.Cell(row + 2, 1).Style.Font.Italic = true;
        Text(sheet.Cell(row + 3, 1), "Een toezegging waarvan een nieuwe revisie in behandeling is, staat erin zoals zij het laatst is goedgekeurd.");
        sheet.Cell(row + 3, 1).Style.Font.Italic = true;

        sheet.PageSetup.FitToPages(1, 0);
    }

    private static void WriteCommitments(IXLWorksheet sheet, IReadOnlyList<CommitmentLine> lines)
    {
        for (var c = 0; c < CommitmentColumns.Length; c++)
        {
            var column = sheet.Column(c + 1);
            column.Width = CommitmentColumns[c].Width;
            if (CommitmentColumns[c].NumberFormat is { } format)
            {
                // On the column, so every cell written below takes it without a style per cell.
                column.Style.NumberFormat.Format = format;
            }
        }
        HeaderRow(sheet, 1, CommitmentColumns.Select(c => c.Header).ToArray());

        var row = 2;
        foreach (var line in lines)
        {
            sheet.Cell(row, 1).SetValue(line.Id);
            Text(sheet.Cell(row, 2), line.Title);
            Text(sheet.Cell(row, 3), line.LeadOrganization);
            Text(sheet.Cell(row, 4), line.KvkNumber);
            Text(sheet.Cell(row, 5), line.OrganizationType.Label());
            Text(sheet.Cell(row, 6), line.Region);
            Text(sheet.Cell(row, 7), line.Province);
            Text(sheet.Cell(row, 8), line.Themes);
            Text(sheet.Cell(row, 9), line.CoPartners);
            Text(sheet.Cell(row, 10), line.Status.Label());
            Date(sheet.Cell(row, 11), line.StartDate);
            Date(sheet.Cell(row, 12), line.EndDate);
            if (line.BudgetEuros is { } budget)
            {
                sheet.Cell(row, 13).SetValue(budget);
            }
            Text(sheet.Cell(row, 14), line.InKind);
            sheet.Cell(row, 15).SetValue(line.Indicators);
            if (line.LatestHealth is { } health)
            {
                Text(sheet.Cell(row, 16), health.Label());
                sheet.Cell(row, 17).SetValue(line.LatestProgressYear!.Value);
            }
            row++;
        }

        sheet.SheetView.FreezeRows(1);
        sheet.Range(1, 1, Math.Max(1, row - 1), CommitmentColumns.Length).SetAutoFilter();
        sheet.PageSetup.PageOrientation = XLPageOrientation.Landscape;
        sheet.PageSetup.SetRowsToRepeatAtTop(1, 1);
    }

    /// <summary>
    /// Writes text as text, whatever it looks like. A value that a spreadsheet would take for a formula
    /// when someone edits the cell (=, +, -, @) also gets Excel's quote prefix: shown unchanged, and
    /// still text after editing. (Control characters need nothing here: ClosedXML escapes them as _xHHHH_.)
    /// </summary>
    private static void Text(IXLCell cell, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }
        cell.SetValue<string>(value);
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\n')
        {
            cell.Style.IncludeQuotePrefix = true;
        }
    }

    private static void Date(IXLCell cell, DateOnly? value)
    {
        if (value is { } date)
        {
            cell.SetValue(date.ToDateTime(TimeOnly.MinValue));
        }
    }

    private static void Euro(IXLCell cell, decimal value) =>
        cell.SetValue(value).Style.NumberFormat.Format = EuroFormat;

    private static void Heading(IXLCell cell, string text)
    {
        Text(cell, text);
        cell.Style.Font.Bold = true;
        cell.Style.Font.FontSize = 12;
    }

    private static void HeaderRow(IXLWorksheet sheet, int row, params string[] headers)
    {
        for (var c = 0; c < headers.Length; c++)
        {
            Text(sheet.Cell(row, c + 1), headers[c]);
        }
        var range = sheet.Range(row, 1, row, headers.Length);
        range.Style.Font.Bold = true;
        range.Style.Fill.BackgroundColor = XLColor.FromHtml("#D9E1F2");
        range.Style.Border.BottomBorder = XLBorderStyleValues.Thin;
    }
}
