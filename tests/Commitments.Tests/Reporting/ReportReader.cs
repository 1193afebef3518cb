using System.IO.Compression;
using System.Xml.Linq;
using ClosedXML.Excel;
using Commitments.Web.Reporting;

namespace Commitments.Tests.Reporting;

/// <summary>Opens a produced report the way a reader would, and finds cells by their labels, not by position.</summary>
internal sealed class ReportReader : IDisposable
{
    private readonly XLWorkbook _workbook;

    public ReportReader(ReportFile file)
    {
        File = file;
        // Every report a test opens must be a valid package: what Excel would open without repair.
        ReportValidation.AssertValid(file.Content);
        _workbook = new XLWorkbook(new MemoryStream(file.Content));
        Summary = _workbook.Worksheet("Samenvatting");
        Commitments = _workbook.Worksheet("Toezeggingen");
    }

    public ReportFile File { get; }
    public XLWorkbook Workbook => _workbook;

    /// <summary>The rows of a list sheet (header in row 1) as header → cell.</summary>
    public IReadOnlyList<Dictionary<string, IXLCell>> ListRows(string sheetName)
    {
        var sheet = _workbook.Worksheet(sheetName);
        var headers = sheet.Row(1).CellsUsed().Select(c => (c.GetString(), c.Address.ColumnNumber)).ToList();
        return sheet.RowsUsed().Skip(1)
            .Select(r => headers.ToDictionary(h => h.Item1, h => r.Cell(h.ColumnNumber)))
            .ToList();
    }
    public IXLWorksheet Summary { get; }
    public IXLWorksheet Commitments { get; }

    public IReadOnlyList<string> Headers =>
        Commitments.Row(1).CellsUsed().Select(c => c.GetString()).ToList();

    public IReadOnlyList<IXLRow> CommitmentRows =>
        Commitments.RowsUsed().Skip(1).ToList();

    public IReadOnlyList<int> CommitmentIds =>
        CommitmentRows.Select(r => (int)r.Cell(1).GetDouble()).ToList();

    /// <summary>The cell of one commitment's row under the given header.</summary>
    public IXLCell Cell(int commitmentId, string header)
    {
        var column = Headers.ToList().IndexOf(header);
        Assert.True(column >= 0, $"No column '{header}' in Toezeggingen; headers: {string.Join(" | ", Headers)}");
        var row = CommitmentRows.SingleOrDefault(r => (int)r.Cell(1).GetDouble() == commitmentId);
        Assert.True(row != null, $"Commitment {commitmentId} is not in the report");
        return row!.Cell(column + 1);
    }

    /// <summary>The value cell next to a label in column A of the summary.</summary>
    public IXLCell SummaryValue(string label) => SummaryLabel(label).CellRight();

    public IXLCell SummaryLabel(string label)
    {
        var cell = Summary.Column(1).CellsUsed().FirstOrDefault(c => c.GetString() == label);
        Assert.True(cell != null, $"No label '{label}' in Samenvatting");
        return cell!;
    }

    /// <summary>The rows of a summary table below the header row whose first cell is <paramref name="firstHeader"/>.</summary>
    public IReadOnlyList<IXLRow> SummaryTable(string firstHeader)
    {
        var header = SummaryLabel(firstHeader).WorksheetRow();
        var rows = new List<IXLRow>();
        for (var row = header.RowBelow(); !row.Cell(1).IsEmpty(); row = row.RowBelow())
        {
            rows.Add(row);
        }
        return rows;
    }

    public Dictionary<string, IXLRow> SummaryTableByName(string firstHeader) =>
        SummaryTable(firstHeader).ToDictionary(r => r.Cell(1).GetString());

    /// <summary>Every non-empty cell of both sheets with its type, value and format, to compare two builds.</summary>
    public IReadOnlyList<string> AllCells() =>
        _workbook.Worksheets
            .SelectMany(ws => ws.CellsUsed().Select(c =>
                $"{ws.Name}!{c.Address}|{c.DataType}|{c.GetString()}|{c.Style.NumberFormat.Format}"))
            .ToList();

    /// <summary>Names of XML elements in a worksheet part, read from the package itself rather than through ClosedXML.</summary>
    public IReadOnlyList<XElement> RawWorksheetElements(string localName)
    {
        using var zip = new ZipArchive(new MemoryStream(File.Content), ZipArchiveMode.Read);
        return zip.Entries
            .Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal))
            .SelectMany(e =>
            {
                using var s = e.Open();
                return XDocument.Load(s).Descendants().Where(x => x.Name.LocalName == localName).ToList();
            })
            .ToList();
    }

    public void Dispose() => _workbook.Dispose();
}
