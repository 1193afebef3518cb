using System.Globalization;

namespace Commitments.Web.Dashboards;

/// <summary>
/// Numbers, euros, percentages and dates on the dashboards in the reader's culture: 1.234 and
/// € 1.234 in Dutch, 1,234 and €1,234 in English. Euros stay euros in English (en-GB would write pounds).
/// </summary>
public static class DashboardFormat
{
    public static string Count(decimal value) => value.ToString("N0", CultureInfo.CurrentCulture);

    public static string Euro(decimal value)
    {
        var format = (NumberFormatInfo)CultureInfo.CurrentCulture.NumberFormat.Clone();
        format.CurrencySymbol = "€";
        return value.ToString("C0", format);
    }

    /// <summary>"66,7%" or "66.7%"; "–" when there is nothing to divide by.</summary>
    public static string Share(int part, int whole) =>
        whole == 0 ? "–" : Percent(Math.Round(part * 100m / whole, 1, MidpointRounding.AwayFromZero));

    public static string Percent(decimal value) => value.ToString("0.#", CultureInfo.CurrentCulture) + "%";

    /// <summary>18-06-2018 in Dutch (as everywhere in the product), 18/06/2018 in English.</summary>
    public static string Date(DateOnly date) =>
        date.ToString(UiCulture.IsDutch ? "dd-MM-yyyy" : "dd/MM/yyyy", CultureInfo.CurrentCulture);
}
