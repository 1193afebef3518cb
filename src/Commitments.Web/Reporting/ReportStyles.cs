using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Commitments.Web.Reporting;

/// <summary>
/// The report's cell styles, fixed: each constant is an index into the stylesheet's cell formats, so
/// the streamed cells refer to them without a lookup. Number formats look Dutch in a Dutch Excel or
/// LibreOffice (the separators follow the reader's locale; the codes themselves are invariant).
/// </summary>
internal static class ReportStyles
{
    public const int Default = 0;
    public const int Header = 1;
    public const int Quoted = 2;
    public const int Date = 3;
    public const int DateTime = 4;
    public const int Euro = 5;
    public const int Percent = 6;
    public const int Count = 7;
    public const int Title = 8;
    public const int Heading = 9;
    public const int Bold = 10;
    public const int Wrapped = 11;
    public const int WrappedQuoted = 12;
    public const int Decimal = 13;
    public const int BoldEuro = 14;
    public const int Italic = 15;
    public const int BoldCount = 16;

    public const string DateFormat = "dd-mm-yyyy";
    public const string DateTimeFormat = "dd-mm-yyyy hh:mm";
    public const string EuroFormat = "\"€\" #,##0.00";
    public const string PercentFormat = "0.0%";

    private const uint DateFormatId = 164, DateTimeFormatId = 165, EuroFormatId = 166, PercentFormatId = 167;

    public static Stylesheet Stylesheet()
    {
        var numberFormats = new NumberingFormats(
            new NumberingFormat { NumberFormatId = DateFormatId, FormatCode = DateFormat },
            new NumberingFormat { NumberFormatId = DateTimeFormatId, FormatCode = DateTimeFormat },
            new NumberingFormat { NumberFormatId = EuroFormatId, FormatCode = EuroFormat },
            new NumberingFormat { NumberFormatId = PercentFormatId, FormatCode = PercentFormat })
        { Count = 4 };
        var fonts = new Fonts(
            Font(),
            Font(bold: true),
            Font(bold: true, size: 16),
            Font(bold: true, size: 12),
            Font(italic: true))
        { Count = 5 };
        var fills = new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            new Fill(new PatternFill(new ForegroundColor { Rgb = "FFD9E1F2" }, new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid }))
        { Count = 3 };
        var borders = new Borders(
            new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()),
            new Border(new LeftBorder(), new RightBorder(), new TopBorder(),
                new BottomBorder(new Color { Auto = true }) { Style = BorderStyleValues.Thin }, new DiagonalBorder()))
        { Count = 2 };
        var formats = new CellFormats(
            Format(),                                                   // Default
            Format(font: 1, fill: 2, border: 1, wrap: true),            // Header
            Format(quote: true),                                        // Quoted
            Format(numberFormat: DateFormatId),                         // Date
            Format(numberFormat: DateTimeFormatId),                     // DateTime
            Format(numberFormat: EuroFormatId),                         // Euro
            Format(numberFormat: PercentFormatId),                      // Percent
            Format(numberFormat: 3),                                    // Count: #,##0
            Format(font: 2),                                            // Title
            Format(font: 3),                                            // Heading
            Format(font: 1),                                            // Bold
            Format(wrap: true),                                         // Wrapped
            Format(wrap: true, quote: true),                            // WrappedQuoted
            Format(numberFormat: 4),                                    // Decimal: #,##0.00
            Format(font: 1, numberFormat: EuroFormatId),                // BoldEuro
            Format(font: 4),                                            // Italic
            Format(font: 1, numberFormat: 3))                           // BoldCount
        { Count = 17 };
        return new Stylesheet(
            numberFormats,
            fonts,
            fills,
            borders,
            new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
            formats,
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 },
            new DifferentialFormats { Count = 0 });
    }

    private static Font Font(bool bold = false, bool italic = false, double size = 11)
    {
        var font = new Font();
        if (bold)
        {
            font.Append(new Bold());
        }
        if (italic)
        {
            font.Append(new Italic());
        }
        font.Append(new FontSize { Val = size }, new FontName { Val = "Calibri" }, new FontFamilyNumbering { Val = 2 });
        return font;
    }

    private static CellFormat Format(uint font = 0, uint fill = 0, uint border = 0, uint numberFormat = 0, bool wrap = false, bool quote = false)
    {
        var format = new CellFormat
        {
            NumberFormatId = numberFormat,
            FontId = font,
            FillId = fill,
            BorderId = border,
            FormatId = 0,
        };
        if (numberFormat != 0) format.ApplyNumberFormat = true;
        if (font != 0) format.ApplyFont = true;
        if (fill != 0) format.ApplyFill = true;
        if (border != 0) format.ApplyBorder = true;
        if (quote) format.QuotePrefix = true;
        if (wrap)
        {
            format.ApplyAlignment = true;
            format.Append(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top });
        }
        return format;
    }
}
