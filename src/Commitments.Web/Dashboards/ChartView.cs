namespace Commitments.Web.Dashboards;

public enum ChartKind
{
    Bar,
    StackedBar,
    Line,
}

/// <summary>
/// A chart and the table of its numbers (Pages/Shared/_Chart.cshtml): one row per category, one
/// column per series, and a total column when <paramref name="TotalHeader"/> is given.
/// </summary>
public sealed record ChartView(ChartData Data, ChartKind Kind, string CategoryHeader, string? TotalHeader = null)
{
    public string Svg => Kind switch
    {
        ChartKind.StackedBar => SvgChart.StackedBar(Data),
        ChartKind.Line => SvgChart.Line(Data),
        _ => SvgChart.Bar(Data),
    };

    public decimal Total(int category) => Data.Series.Sum(s => category < s.Values.Count ? s.Values[category] : 0m);
}
