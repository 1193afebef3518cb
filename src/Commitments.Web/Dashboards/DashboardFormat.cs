namespace Commitments.Web.Dashboards;

/// <summary>
/// Numbers, euros, percentages and dates on the dashboards in the reader's culture, through
/// <see cref="UiFormat"/> (the one place that decides): 1.234 and € 1.234 in Dutch, 1,234 and €1,234 in English.
/// </summary>
public static class DashboardFormat
{
    public static string Count(decimal value) => value.ToString("N0", UiFormat.Culture);

    public static string Euro(decimal value) => UiFormat.WholeEuros(value);

    /// <summary>"66,7%" or "66.7%"; "–" when there is nothing to divide by.</summary>
    public static string Share(int part, int whole) =>
        whole == 0 ? "–" : Percent(Math.Round(part * 100m / whole, 1, MidpointRounding.AwayFromZero));

    public static string Percent(decimal value) => value.ToString("0.#", UiFormat.Culture) + "%";

    /// <summary>18-06-2018 in Dutch, 18/06/2018 in English.</summary>
    public static string Date(DateOnly date) => UiFormat.Date(date);
}
