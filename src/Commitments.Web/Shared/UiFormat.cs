using System.Globalization;

namespace Commitments.Web;

/// <summary>
/// The one place that decides how dates, numbers and euros read on a page or in an e-mail: in the
/// reader's culture (the request culture the language switch or the stored language sets; for an
/// e-mail the recipient's stored language). Dutch: 30-11-2026, 1.234,5, € 1.234,50, 16:05.
/// English (en-GB): 30/11/2026, 1,234.5, €1,234.50. Euros stay euros in English (en-GB would write
/// pounds). Times are Europe/Amsterdam wall-clock time in both languages.
/// Not for downloads: the Excel report keeps its cell formats and Dutch labels, machine formats stay
/// invariant. Form fields show and read numbers in the same culture (<see cref="Input"/>, <see cref="ParseInput"/>).
/// </summary>
public static partial class UiFormat
{
    /// <summary>The culture of the request (or of the job's current thread).</summary>
    public static CultureInfo Culture => CultureInfo.CurrentCulture;

    /// <summary>A stored language ("nl-NL", "en-GB", or anything else: Dutch) as a culture.</summary>
    public static CultureInfo For(string? culture) =>
        CultureInfo.GetCultureInfo(culture == UiCulture.English ? UiCulture.English : UiCulture.Dutch);

    private static bool IsDutch(CultureInfo culture) => culture.TwoLetterISOLanguageName != "en";

    // Two-digit day and month in both languages: columns of dates line up, and 01/02/2026 cannot be
    // taken for a month-first date by an English reader used to day-first.
    private static string DatePattern(CultureInfo culture) => IsDutch(culture) ? "dd-MM-yyyy" : "dd/MM/yyyy";

    /// <summary>30-11-2026 · 30/11/2026; "–" for no date.</summary>
    public static string Date(this DateOnly? date, CultureInfo? culture = null) =>
        date is { } d ? d.ToString(DatePattern(culture ?? Culture), culture ?? Culture) : "–";

    /// <summary>30-11-2026 · 30/11/2026.</summary>
    public static string Date(this DateOnly date, CultureInfo? culture = null) => Date((DateOnly?)date, culture);

    /// <summary>The Amsterdam calendar day of a UTC moment: 30-11-2026 · 30/11/2026.</summary>
    public static string Day(DateTime utc) =>
        AmsterdamTime.ToAmsterdam(utc).ToString(DatePattern(Culture), Culture);

    /// <summary>A UTC moment in Amsterdam time to the minute: 30-11-2026 16:05 · 30/11/2026 16:05.</summary>
    public static string Moment(DateTime utc) =>
        AmsterdamTime.ToAmsterdam(utc).ToString(DatePattern(Culture) + " HH:mm", Culture);

    /// <summary>A count with thousands separators: 1.234 · 1,234.</summary>
    public static string Count(long value) => value.ToString("N0", Culture);

    /// <summary>A count, or "–" for none.</summary>
    public static string Count(long? value) => value is { } v ? Count(v) : "–";

    /// <summary>1.234,5 · 1,234.5 (no trailing zeros: an indicator of 120 reads 120).</summary>
    public static string Number(this decimal value) => value.ToString("#,##0.##", Culture);

    /// <summary>40%, 33,33% · 33.33% (a share).</summary>
    public static string Percent(this decimal share, CultureInfo? culture = null) =>
        share.ToString("0.##", culture ?? Culture) + "%";

    /// <summary>€ 1.234,56 · €1,234.56; "–" for no amount.</summary>
    public static string Euro(this decimal? amount) => amount is { } a ? a.ToString("C2", EuroFormat(Culture)) : "–";

    /// <summary>Whole euros: € 1.234 · €1,234.</summary>
    public static string WholeEuros(decimal amount) => amount.ToString("C0", EuroFormat(Culture));

    /// <summary>A file size in whole kilobytes, rounded up: 1.024 · 1,024.</summary>
    public static string Kilobytes(long bytes) => Count((long)Math.Ceiling(bytes / 1024.0));

    /// <summary>
    /// A number for a form field, so that it reads back the same: 1234,5 · 1234.5, or with
    /// <paramref name="grouped"/> 1.234,50 · 1,234.50 (<paramref name="pattern"/> says how many decimals).
    /// </summary>
    public static string Input(decimal value, string pattern = "0.##", bool grouped = false) =>
        value.ToString(grouped ? "#,##0" + pattern[1..] : pattern, Culture);

    /// <summary>
    /// Reads a number as the reader types it in their language: Dutch 1234 · 1234,5 · 1.234,56 · -12,
    /// English 1234 · 1234.5 · 1,234.56 · -12. Thousands separators only in groups of three, at most
    /// <paramref name="decimals"/> decimals. .NET's own parsing accepts separators anywhere ("1.234.56"
    /// would become 123456), which would silently change what was typed; more decimals than the
    /// database keeps would be rounded, so they are refused too.
    /// </summary>
    public static decimal? ParseInput(string? text, int decimals, bool allowNegative, decimal max)
    {
        var trimmed = text?.Trim() ?? "";
        var culture = Culture;
        var match = (IsDutch(culture) ? DutchInput() : EnglishInput()).Match(trimmed);
        if (!match.Success || (match.Groups["sign"].Success && !allowNegative)
            || (match.Groups["fraction"].Success && match.Groups["fraction"].Length - 1 > decimals))
        {
            return null;
        }
        if (!decimal.TryParse(trimmed, NumberStyles.AllowLeadingSign | NumberStyles.AllowThousands | NumberStyles.AllowDecimalPoint,
                IsDutch(culture) ? DutchLabels.Culture : CultureInfo.GetCultureInfo(UiCulture.English), out var value))
        {
            return null;
        }
        return Math.Abs(value) > max ? null : value;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?<sign>-)?(\d{1,3}(\.\d{3})+|\d{1,20})(?<fraction>,\d+)?$")]
    private static partial System.Text.RegularExpressions.Regex DutchInput();

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?<sign>-)?(\d{1,3}(,\d{3})+|\d{1,20})(?<fraction>\.\d+)?$")]
    private static partial System.Text.RegularExpressions.Regex EnglishInput();

    private static NumberFormatInfo EuroFormat(CultureInfo culture)
    {
        if (IsDutch(culture))
        {
            return culture.NumberFormat; // nl-NL already writes "€ 1.234,56"
        }
        var format = (NumberFormatInfo)culture.NumberFormat.Clone();
        format.CurrencySymbol = "€";
        return format;
    }
}
