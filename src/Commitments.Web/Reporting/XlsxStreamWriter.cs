using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Unicode;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Commitments.Web.Reporting;

/// <summary>
/// Writes an .xlsx package straight into a zip stream, one worksheet at a time (<see cref="SheetWriter"/>
/// on each entry): nothing of a sheet stays in memory once its rows are written (see ADR-0015). The
/// fixed parts (styles, workbook, tables) are small, built with the SDK's typed classes, and written at the end.
/// </summary>
/// <remarks>
/// The SDK's own package (System.IO.Packaging) opens its zip in update mode, which keeps every part
/// uncompressed in memory until it is saved; a <see cref="ZipArchive"/> in create mode compresses each
/// entry as it is written, also into a stream that cannot seek (an HTTP response).
/// </remarks>
internal sealed class XlsxStreamWriter : IDisposable
{
    /// <summary>The most characters a cell holds (Excel's limit; LibreOffice follows it).</summary>
    public const int MaxCellText = 32_767;

    /// <summary>Appended to a text that had to be cut to fit a cell, so the reader sees it was cut.</summary>
    public const string CutMarker = "… [ingekort]";

    private readonly ZipArchive _zip;
    private readonly List<SheetInfo> _sheets = [];
    private readonly Dictionary<string, int> _sharedStrings = new(StringComparer.Ordinal);
    private readonly List<string> _sharedStringList = [];
    private int _tableCount;

    private readonly DateTimeOffset _timestamp;

    /// <param name="timestamp">The time every zip entry carries: the report's own, so that the same data at
    /// the same moment gives the same bytes (not the clock of the machine that wrote it).</param>
    public XlsxStreamWriter(Stream output, DateTime timestamp)
    {
        _zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: Encoding.UTF8);
        // Zip keeps local times from 1980 on; the report's Amsterdam time as it is.
        _timestamp = new DateTimeOffset(DateTime.SpecifyKind(timestamp < new DateTime(1980, 1, 2) ? new DateTime(1980, 1, 2) : timestamp, DateTimeKind.Unspecified), TimeSpan.Zero);
    }

    internal Stream OpenEntry(string path)
    {
        var entry = _zip.CreateEntry(path, CompressionLevel.Fastest);
        entry.LastWriteTime = _timestamp;
        return entry.Open();
    }

    private sealed record SheetInfo(string Name, int Number, string? TableName, bool RepeatHeader);

    /// <summary>Starts the next worksheet; dispose the returned writer before starting another.</summary>
    public SheetWriter AddSheet(string name, SheetLayout layout)
    {
        var number = _sheets.Count + 1;
        string? tableName = null;
        if (layout.Table is { } table)
        {
            tableName = table.Name;
        }
        _sheets.Add(new SheetInfo(name, number, tableName, layout.RepeatHeaderRow));
        return new SheetWriter(this, OpenEntry($"xl/worksheets/sheet{number}.xml"), number, layout);
    }

    internal int SharedString(string text)
    {
        if (!_sharedStrings.TryGetValue(text, out var index))
        {
            index = _sharedStringList.Count;
            _sharedStrings.Add(text, index);
            _sharedStringList.Add(text);
        }
        return index;
    }

    internal void WriteTable(int sheetNumber, TableLayout table, int lastRow)
    {
        var id = ++_tableCount;
        var reference = $"A1:{SheetWriter.ColumnName(table.Columns.Count)}{Math.Max(2, lastRow)}";
        using (var stream = OpenEntry($"xl/tables/table{id}.xml"))
        {
            var columns = new TableColumns { Count = (uint)table.Columns.Count };
            for (var i = 0; i < table.Columns.Count; i++)
            {
                columns.Append(new TableColumn { Id = (uint)(i + 1), Name = table.Columns[i] });
            }
            var definition = new Table(
                new AutoFilter { Reference = reference },
                columns,
                new TableStyleInfo { Name = "TableStyleLight9", ShowFirstColumn = false, ShowLastColumn = false, ShowRowStripes = true, ShowColumnStripes = false })
            {
                Id = (uint)id,
                Name = table.Name,
                DisplayName = table.Name,
                Reference = reference,
                TotalsRowShown = false,
            };
            Save(definition, stream);
        }
        WriteText($"xl/worksheets/_rels/sheet{sheetNumber}.xml.rels",
            $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdTable" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/table" Target="../tables/table{id}.xml"/></Relationships>""");
    }

    /// <summary>Writes the package's fixed parts; call once after the last sheet.</summary>
    public void Finish(string title, string author, DateTime createdUtc)
    {
        WriteText("[Content_Types].xml", ContentTypes());
        WriteText("_rels/.rels",
            """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>""");
        var created = createdUtc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        WriteText("docProps/core.xml",
            $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{Escape(title)}</dc:title><dc:creator>{Escape(author)}</dc:creator><cp:lastModifiedBy>{Escape(author)}</cp:lastModifiedBy><dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{created}</dcterms:modified></cp:coreProperties>""");
        WriteText("docProps/app.xml",
            """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Techniekpact toezeggingen</Application></Properties>""");

        var relationships = new StringBuilder("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">""");
        var sheets = new Sheets();
        var names = new DefinedNames();
        foreach (var sheet in _sheets)
        {
            relationships.Append(CultureInfo.InvariantCulture, $"""<Relationship Id="rIdSheet{sheet.Number}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{sheet.Number}.xml"/>""");
            sheets.Append(new Sheet { Name = sheet.Name, SheetId = (uint)sheet.Number, Id = $"rIdSheet{sheet.Number}" });
            if (sheet.RepeatHeader)
            {
                // Printing repeats the header row on every page.
                names.Append(new DefinedName($"'{sheet.Name}'!$1:$1") { Name = "_xlnm.Print_Titles", LocalSheetId = (uint)(sheet.Number - 1) });
            }
        }
        relationships.Append("""<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdStrings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>""");
        WriteText("xl/_rels/workbook.xml.rels", relationships.ToString());

        var workbook = new Workbook(new BookViews(new WorkbookView { ActiveTab = 0 }), sheets);
        if (names.HasChildren)
        {
            workbook.Append(names);
        }
        workbook.AddNamespaceDeclaration("r", "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
        using (var stream = OpenEntry("xl/workbook.xml"))
        {
            Save(workbook, stream);
        }
        using (var stream = OpenEntry("xl/styles.xml"))
        {
            Save(ReportStyles.Stylesheet(), stream);
        }
        using (var stream = OpenEntry("xl/sharedStrings.xml"))
        {
            var table = new SharedStringTable { Count = (uint)_sharedStringList.Count, UniqueCount = (uint)_sharedStringList.Count };
            foreach (var text in _sharedStringList)
            {
                table.Append(new SharedStringItem(new Text(SheetWriter.CellText(text)) { Space = SpaceProcessingModeValues.Preserve }));
            }
            Save(table, stream);
        }
    }

    private string ContentTypes()
    {
        var types = new StringBuilder("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>""");
        foreach (var sheet in _sheets)
        {
            types.Append(CultureInfo.InvariantCulture, $"""<Override PartName="/xl/worksheets/sheet{sheet.Number}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>""");
        }
        for (var id = 1; id <= _tableCount; id++)
        {
            types.Append(CultureInfo.InvariantCulture, $"""<Override PartName="/xl/tables/table{id}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"/>""");
        }
        return types.Append("</Types>").ToString();
    }

    private static void Save(OpenXmlElement element, Stream stream)
    {
        using var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false) });
        writer.WriteStartDocument(true);
        element.WriteTo(writer);
    }

    private void WriteText(string path, string content)
    {
        using var stream = OpenEntry(path);
        var bytes = new UTF8Encoding(false).GetBytes(content);
        stream.Write(bytes);
    }

    private static string Escape(string text) => System.Security.SecurityElement.Escape(SheetWriter.CellText(text));

    public void Dispose() => _zip.Dispose();
}

/// <summary>How a worksheet looks: column widths, frozen header, table, data bars, print settings.</summary>
internal sealed record SheetLayout(IReadOnlyList<double> ColumnWidths)
{
    /// <summary>Rows frozen at the top (the header row of a list).</summary>
    public int FrozenRows { get; init; }

    /// <summary>An Excel table with filters over the whole sheet, header in row 1.</summary>
    public TableLayout? Table { get; init; }

    /// <summary>1-based columns whose percentage (0–1) gets a data bar.</summary>
    public IReadOnlyList<int> DataBarColumns { get; init; } = [];

    public bool Landscape { get; init; } = true;
    public bool RepeatHeaderRow { get; init; }
}

internal sealed record TableLayout(string Name, IReadOnlyList<string> Columns);

/// <summary>Writes the rows of one worksheet, in order, as they come.</summary>
/// <remarks>
/// The cells are written as SpreadsheetML text straight into a byte buffer in front of the zip entry,
/// not through <see cref="OpenXmlWriter"/>: the SDK's writer builds an element object per cell and per
/// value and goes through an <see cref="XmlWriter"/>, which was most of the CPU of a national report
/// (ADR-0015, docs/performance.md). The markup is the same (a reference on every cell, inline text with
/// xml:space="preserve"); the tests validate every file with the SDK's <c>OpenXmlValidator</c>.
/// </remarks>
internal sealed class SheetWriter : IDisposable
{
    private static readonly string[] ColumnNames = Enumerable.Range(1, 64).Select(BuildColumnName).ToArray();
    private static readonly byte[][] ColumnBytes = ColumnNames.Select(Encoding.ASCII.GetBytes).ToArray();
    private static readonly byte[][] StyleBytes = Enumerable.Range(0, 64)
        .Select(i => Encoding.ASCII.GetBytes($" s=\"{i.ToString(CultureInfo.InvariantCulture)}\"")).ToArray();
    private static readonly DateOnly ExcelEpoch = new(1899, 12, 30);
    private static readonly SearchValues<char> XmlSpecial = SearchValues.Create("&<>");

    private readonly XlsxStreamWriter _package;
    private readonly Stream _stream;
    private readonly int _number;
    private readonly SheetLayout _layout;
    private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int _used;
    private int _row;
    private int _column;
    private bool _rowOpen;

    internal SheetWriter(XlsxStreamWriter package, Stream stream, int number, SheetLayout layout)
    {
        _package = package;
        _stream = stream;
        _number = number;
        _layout = layout;
        Ascii("""<?xml version="1.0" encoding="utf-8" standalone="yes"?><worksheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">""");
        if (layout.Landscape)
        {
            // Fit every column on the width of one page.
            Ascii("""<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>""");
        }
        Ascii(number == 1 ? """<sheetViews><sheetView tabSelected="1" workbookViewId="0">""" : """<sheetViews><sheetView workbookViewId="0">""");
        if (layout.FrozenRows > 0)
        {
            Ascii(string.Create(CultureInfo.InvariantCulture,
                $"""<pane ySplit="{layout.FrozenRows}" topLeftCell="A{layout.FrozenRows + 1}" activePane="bottomLeft" state="frozen"/>"""));
        }
        Ascii("</sheetView></sheetViews><cols>");
        for (var i = 0; i < layout.ColumnWidths.Count; i++)
        {
            Ascii(string.Create(CultureInfo.InvariantCulture,
                $"""<col min="{i + 1}" max="{i + 1}" width="{layout.ColumnWidths[i]:R}" customWidth="1"/>"""));
        }
        Ascii("</cols><sheetData>");
    }

    /// <summary>The row being written (1-based); 0 before the first.</summary>
    public int Row => _row;

    public void StartRow()
    {
        EndRow();
        _row++;
        _column = 0;
        Ascii("<row r=\"");
        Integer(_row);
        Ascii("\">");
        _rowOpen = true;
    }

    /// <summary>Leaves rows empty (a blank line between blocks of the summary).</summary>
    public void SkipRows(int count)
    {
        EndRow();
        _row += count;
    }

    public SheetWriter Skip(int columns = 1)
    {
        _column += columns;
        return this;
    }

    /// <summary>A fixed label of the report (not user text), stored once in the shared strings.</summary>
    public SheetWriter Label(string text, int style = ReportStyles.Default)
    {
        StartCell(style);
        Ascii(" t=\"s\"><v>");
        Integer(_package.SharedString(text));
        Ascii("</v></c>");
        return this;
    }

    /// <summary>
    /// Text as typed, always as text: never a number, date or formula, whatever it looks like. Text a
    /// spreadsheet would take for a formula when the cell is edited gets the quote prefix as well.
    /// </summary>
    public SheetWriter Text(string? text, bool wrap = false)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Skip();
        }
        var quote = text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '\n';
        var style = (quote, wrap) switch
        {
            (true, true) => ReportStyles.WrappedQuoted,
            (true, false) => ReportStyles.Quoted,
            (false, true) => ReportStyles.Wrapped,
            _ => ReportStyles.Default,
        };
        StartCell(style);
        Ascii(" t=\"inlineStr\"><is><t xml:space=\"preserve\">");
        XmlText(CellText(text));
        Ascii("</t></is></c>");
        return this;
    }

    public SheetWriter Number(decimal? value, int style = ReportStyles.Default)
    {
        if (value is not { } v)
        {
            return Skip();
        }
        StartCell(style);
        Ascii("><v>");
        Ensure(64);
        v.TryFormat(_buffer.AsSpan(_used), out var written, default, CultureInfo.InvariantCulture);
        _used += written;
        Ascii("</v></c>");
        return this;
    }

    public SheetWriter Number(int? value, int style = ReportStyles.Default)
    {
        if (value is not { } v)
        {
            return Skip();
        }
        StartCell(style);
        Ascii("><v>");
        Integer(v);
        Ascii("</v></c>");
        return this;
    }

    public SheetWriter Number(double? value, int style = ReportStyles.Default)
    {
        if (value is not { } v || double.IsNaN(v) || double.IsInfinity(v))
        {
            return Skip();
        }
        StartCell(style);
        Ascii("><v>");
        Ensure(64);
        v.TryFormat(_buffer.AsSpan(_used), out var written, "R", CultureInfo.InvariantCulture);
        _used += written;
        Ascii("</v></c>");
        return this;
    }

    /// <summary>A date as Excel's serial day number, shown dd-mm-jjjj.</summary>
    public SheetWriter Date(DateOnly? value) =>
        value is { } d ? Number(d.DayNumber - ExcelEpoch.DayNumber, ReportStyles.Date) : Skip();

    /// <summary>A moment (already in Amsterdam time), shown dd-mm-jjjj uu:mm.</summary>
    public SheetWriter DateTime(DateTime? value)
    {
        if (value is not { } t)
        {
            return Skip();
        }
        var serial = DateOnly.FromDateTime(t).DayNumber - ExcelEpoch.DayNumber + t.TimeOfDay.TotalDays;
        return Number(Math.Round(serial, 8), ReportStyles.DateTime);
    }

    /// <summary>Opens the next cell up to its attributes: <c>&lt;c r="B7" s="5"</c>.</summary>
    private void StartCell(int style)
    {
        _column++;
        Ascii("<c r=\"");
        Bytes(ColumnBytes[_column - 1]);
        Integer(_row);
        Ascii("\"");
        if (style != ReportStyles.Default)
        {
            Bytes(StyleBytes[style]);
        }
    }

    private void EndRow()
    {
        if (_rowOpen)
        {
            Ascii("</row>");
            _rowOpen = false;
        }
    }

    private void Ensure(int bytes)
    {
        if (_buffer.Length - _used < bytes)
        {
            Flush();
        }
    }

    private void Flush()
    {
        _stream.Write(_buffer, 0, _used);
        _used = 0;
    }

    private void Bytes(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_used));
        _used += bytes.Length;
    }

    /// <summary>Markup of the writer itself: ASCII only, nothing to escape.</summary>
    private void Ascii(string text)
    {
        if (_buffer.Length - _used < text.Length)
        {
            Flush();
            if (text.Length > _buffer.Length)
            {
                _stream.Write(Encoding.ASCII.GetBytes(text));
                return;
            }
        }
        _used += Encoding.ASCII.GetBytes(text, _buffer.AsSpan(_used));
    }

    private void Integer(int value)
    {
        Ensure(11);
        value.TryFormat(_buffer.AsSpan(_used), out var written, default, CultureInfo.InvariantCulture);
        _used += written;
    }

    /// <summary>Text content as UTF-8, with the three characters XML text needs escaped (&amp; &lt; &gt;).</summary>
    private void XmlText(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            var special = text.IndexOfAny(XmlSpecial);
            var run = special < 0 ? text : text[..special];
            while (!run.IsEmpty)
            {
                // CellText already escaped what is not valid XML; a pair is never split across a flush.
                var status = Utf8.FromUtf16(run, _buffer.AsSpan(_used), out var read, out var written, true, true);
                _used += written;
                run = run[read..];
                if (status == OperationStatus.DestinationTooSmall)
                {
                    Flush();
                }
            }
            if (special < 0)
            {
                break;
            }
            Ascii(text[special] switch { '&' => "&amp;", '<' => "&lt;", _ => "&gt;" });
            text = text[(special + 1)..];
        }
    }

    public void Dispose()
    {
        EndRow();
        Ascii("</sheetData>");
        var lastRow = Math.Max(_row, 1);
        if (_layout.Table != null)
        {
            // The table needs a data row; an empty list gets one empty row.
            lastRow = Math.Max(lastRow, 2);
        }
        foreach (var column in _layout.DataBarColumns)
        {
            var name = ColumnName(column);
            Ascii(string.Create(CultureInfo.InvariantCulture,
                $"""<conditionalFormatting sqref="{name}2:{name}{lastRow}"><cfRule type="dataBar" priority="{column}"><dataBar><cfvo type="num" val="0"/><cfvo type="num" val="1"/><color rgb="FF5B9BD5"/></dataBar></cfRule></conditionalFormatting>"""));
        }
        Ascii("""<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>""");
        Ascii(_layout.Landscape
            ? """<pageSetup paperSize="9" fitToHeight="0" orientation="landscape" fitToWidth="1"/>"""
            : """<pageSetup paperSize="9" orientation="portrait"/>""");
        if (_layout.Table != null)
        {
            Ascii("""<tableParts count="1"><tablePart r:id="rIdTable"/></tableParts>""");
        }
        Ascii("</worksheet>");
        Flush();
        ArrayPool<byte>.Shared.Return(_buffer);
        _stream.Dispose();
        if (_layout.Table is { } table)
        {
            _package.WriteTable(_number, table, lastRow);
        }
    }

    public static string ColumnName(int column) => ColumnNames[column - 1];

    private static string BuildColumnName(int column)
    {
        var name = "";
        while (column > 0)
        {
            var rest = (column - 1) % 26;
            name = (char)('A' + rest) + name;
            column = (column - 1) / 26;
        }
        return name;
    }

    /// <summary>
    /// Text as a cell stores it: cut to what a cell holds, with a visible marker; characters XML cannot
    /// carry (control characters, a carriage return that XML would drop) escaped the way spreadsheets
    /// read them back (_xHHHH_), and a literal "_x0041_" in the text protected so it is not decoded.
    /// </summary>
    public static string CellText(string text)
    {
        if (text.Length > XlsxStreamWriter.MaxCellText)
        {
            var keep = XlsxStreamWriter.MaxCellText - XlsxStreamWriter.CutMarker.Length;
            if (char.IsHighSurrogate(text[keep - 1]))
            {
                keep--;
            }
            text = string.Concat(text.AsSpan(0, keep), XlsxStreamWriter.CutMarker);
        }
        if (!NeedsEscape(text))
        {
            return text;
        }
        var result = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (ch == '_' && i + 6 < text.Length && text[i + 1] == 'x' && IsHex(text, i + 2) && text[i + 6] == '_')
            {
                result.Append("_x005F_");
            }
            else if ((ch < 0x20 && ch != '\t' && ch != '\n') || ch is '\uFFFE' or '\uFFFF')
            {
                result.Append(CultureInfo.InvariantCulture, $"_x{(int)ch:X4}_");
            }
            else if (char.IsSurrogate(ch))
            {
                if (char.IsHighSurrogate(ch) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    result.Append(ch).Append(text[++i]);
                }
                else
                {
                    result.Append(CultureInfo.InvariantCulture, $"_x{(int)ch:X4}_");
                }
            }
            else
            {
                result.Append(ch);
            }
        }
        return result.ToString();
    }

    private static bool NeedsEscape(string text)
    {
        foreach (var ch in text)
        {
            if (ch < 0x20 && ch != '\t' && ch != '\n' || ch == '_' || ch >= '\uD800' && (char.IsSurrogate(ch) || ch is '\uFFFE' or '\uFFFF'))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsHex(string text, int start)
    {
        for (var i = start; i < start + 4; i++)
        {
            if (!char.IsAsciiHexDigit(text[i]))
            {
                return false;
            }
        }
        return true;
    }
}
