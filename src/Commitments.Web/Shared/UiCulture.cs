using System.Globalization;

namespace Commitments.Web;

/// <summary>
/// The languages of the interface: Dutch first, English available. Only the text changes with the
/// language; dates (18-06-2018) and amounts (€ 1.234,56) are always written the Dutch way, because
/// the pact's data, reports and budgets are Dutch (see <see cref="DutchLabels"/>).
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
