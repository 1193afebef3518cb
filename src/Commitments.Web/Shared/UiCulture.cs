using System.Globalization;

namespace Commitments.Web;

/// <summary>
/// The languages of the interface: Dutch first, English available. Texts, and the notation of dates,
/// numbers and amounts (<see cref="UiFormat"/>), follow the language; the Excel report stays Dutch
/// (see <see cref="DutchLabels"/>).
/// </summary>
public static class UiCulture
{
    public const string Dutch = "nl-NL";
    public const string English = "en-GB";

    public static readonly IReadOnlyList<string> Supported = [Dutch, English];

    public static bool IsSupported(string? culture) => culture is Dutch or English;

    /// <summary>"nl" or "en": the value of the page's lang attribute.</summary>
    public static string Language => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? "en" : "nl";

    public static bool IsDutch => Language == "nl";
}
