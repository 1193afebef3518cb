using System.Globalization;
using System.Text;

namespace Commitments.Web.Dashboards;

/// <summary>One named row of values in a chart: a bar's segments share a series across categories.</summary>
/// <param name="Style">Which colour and pattern (0–5), so that a meaning keeps its look across charts; by position when null.</param>
public sealed record ChartSeries(string Name, IReadOnlyList<decimal> Values, int? Style = null);

/// <summary>
/// What a chart shows: categories (bars, or points on the x axis), one or more series, a title and a
/// description that together are the chart's text alternative, and how a value is written.
/// </summary>
public sealed record ChartData(
    string Id,
    string Title,
    string Description,
    IReadOnlyList<string> Categories,
    IReadOnlyList<ChartSeries> Series,
    Func<decimal, string> Format);

/// <summary>
/// Draws small charts as SVG on the server, so a dashboard needs no script and no image requests.
/// Every chart is an image with a name (its &lt;title&gt;) and a description (&lt;desc&gt;) tied by
/// aria-labelledby/aria-describedby; the numbers themselves go into a table beside it (the page does that).
/// Colour is never the only carrier: each series also has its own hatching pattern or marker shape,
/// a legend in words, and bars carry their value as text. No <c>style</c> attributes (the CSP forbids
/// inline styles): colours come from classes in site.css, sizes from presentation attributes.
/// </summary>
public static class SvgChart
{
    /// <summary>How many series have their own colour class and pattern; more wrap around.</summary>
    public const int SeriesStyles = 6;

    private const int Width = 640;
    private const int LabelWidth = 200;
    private const int ValueWidth = 110;
    private const int BarHeight = 26;
    private const int BarGap = 12;
    private const int Top = 8;
    private const int LegendRow = 26;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Horizontal bars, one per category, of the first series; the value written after each bar.</summary>
    public static string Bar(ChartData data) => Bars(data, stacked: false);

    /// <summary>Horizontal bars, one per category, made of one segment per series (with a legend).</summary>
    public static string StackedBar(ChartData data) => Bars(data, stacked: true);

    private static string Bars(ChartData data, bool stacked)
    {
        var series = stacked ? data.Series : data.Series.Take(1).ToList();
        var totals = data.Categories.Select((_, i) => series.Sum(s => Positive(ValueAt(s, i)))).ToList();
        var max = totals.Count == 0 ? 0m : totals.Max();
        var legendRows = stacked ? LegendRows(series.Count) : 0;
        var height = Top + data.Categories.Count * (BarHeight + BarGap) + legendRows * LegendRow + 8;
        var plotWidth = Width - LabelWidth - ValueWidth;

        var svg = Open(data, height);
        if (stacked)
        {
            Patterns(svg, data.Id, series.Select(StyleOf).Distinct());
        }
        for (var i = 0; i < data.Categories.Count; i++)
        {
            var y = Top + i * (BarHeight + BarGap);
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"chart-label\" x=\"{LabelWidth - 8}\" y=\"{y + BarHeight / 2 + 5}\" text-anchor=\"end\">{Escape(Shorten(data.Categories[i], 28))}</text>");
            var x = (decimal)LabelWidth;
            for (var s = 0; s < series.Count; s++)
            {
                var value = Positive(ValueAt(series[s], i));
                var w = max == 0 ? 0 : value / max * plotWidth;
                if (w > 0)
                {
                    var fill = stacked ? $"url(#{data.Id}-p{StyleOf(series[s], s)})" : null;
                    // A class colour would win over the fill attribute: a segment gets its pattern (which holds the colour) only.
                    var look = fill is null ? $"class=\"chart-s{StyleOf(series[s], s)}\"" : $"class=\"chart-segment\" fill=\"{fill}\"";
                    svg.Append(CultureInfo.InvariantCulture, $"<rect {look} x=\"{N(x)}\" y=\"{y}\" width=\"{N(w)}\" height=\"{BarHeight}\"><title>{Escape(Tooltip(data, series[s], i, stacked))}</title></rect>");
                }
                x += w;
            }
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"chart-value\" x=\"{N(x + 6)}\" y=\"{y + BarHeight / 2 + 5}\">{Escape(data.Format(totals[i]))}</text>");
        }
        if (stacked)
        {
            Legend(svg, data.Id, series, Top + data.Categories.Count * (BarHeight + BarGap), line: false);
        }
        return Close(svg);
    }

    /// <summary>
    /// One line per series over the categories (the x axis, e.g. the reporting years). Each series has
    /// its own marker shape and dash pattern, and the last point carries its value as text.
    /// </summary>
    public static string Line(ChartData data)
    {
        const int left = 56, right = 24, plotTop = 16, plotHeight = 200, axisText = 24;
        var legendRows = LegendRows(data.Series.Count);
        var height = plotTop + plotHeight + axisText + legendRows * LegendRow + 12;
        var plotWidth = Width - left - right;
        var max = data.Series.SelectMany(s => s.Values).Select(Positive).DefaultIfEmpty(0).Max();
        var top = NiceCeiling(max);
        var count = data.Categories.Count;
        decimal X(int i) => count <= 1 ? left + plotWidth / 2m : left + (decimal)plotWidth * i / (count - 1);
        decimal Y(decimal v) => plotTop + plotHeight - (top == 0 ? 0 : Positive(v) / top * plotHeight);

        var svg = Open(data, height);
        // Axis and three grid lines, labelled, so a value can be read off without the table.
        for (var g = 0; g <= 2; g++)
        {
            var value = top * g / 2;
            var y = Y(value);
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"chart-grid\" x1=\"{left}\" y1=\"{N(y)}\" x2=\"{Width - right}\" y2=\"{N(y)}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"chart-axis\" x=\"{left - 6}\" y=\"{N(y + 4)}\" text-anchor=\"end\">{Escape(data.Format(value))}</text>");
        }
        for (var i = 0; i < count; i++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"chart-axis\" x=\"{N(X(i))}\" y=\"{plotTop + plotHeight + 18}\" text-anchor=\"middle\">{Escape(Shorten(data.Categories[i], 12))}</text>");
        }
        for (var s = 0; s < data.Series.Count; s++)
        {
            var series = data.Series[s];
            var points = Enumerable.Range(0, count).Select(i => $"{N(X(i))},{N(Y(ValueAt(series, i)))}");
            svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"chart-line chart-s{StyleOf(series, s)}\" fill=\"none\" stroke-width=\"3\"{Dash(s)} points=\"{string.Join(' ', points)}\"/>");
            for (var i = 0; i < count; i++)
            {
                svg.Append(Marker(s, StyleOf(series, s), X(i), Y(ValueAt(series, i)), Tooltip(data, series, i, stacked: true)));
            }
            if (count > 0)
            {
                var last = ValueAt(series, count - 1);
                svg.Append(CultureInfo.InvariantCulture, $"<text class=\"chart-value\" x=\"{N(X(count - 1) - 8)}\" y=\"{N(Y(last) - 10)}\" text-anchor=\"end\">{Escape(data.Format(last))}</text>");
            }
        }
        Legend(svg, data.Id, data.Series, plotTop + plotHeight + axisText + 4, line: true);
        return Close(svg);
    }

    private static StringBuilder Open(ChartData data, int height)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" aria-labelledby=\"{data.Id}-title\" aria-describedby=\"{data.Id}-desc\" focusable=\"false\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{data.Id}-title\">{Escape(data.Title)}</title>");
        svg.Append(CultureInfo.InvariantCulture, $"<desc id=\"{data.Id}-desc\">{Escape(data.Description)}</desc>");
        return svg;
    }

    private static string Close(StringBuilder svg) => svg.Append("</svg>").ToString();

    /// <summary>A hatching per series on top of its colour, so that segments differ in grey and print too.</summary>
    private static void Patterns(StringBuilder svg, string id, IEnumerable<int> styles)
    {
        svg.Append("<defs>");
        foreach (var s in styles)
        {
            var lines = s switch
            {
                0 => "",
                1 => "<path class=\"chart-hatch\" d=\"M0,8 L8,0\" stroke-width=\"2\"/>",
                2 => "<path class=\"chart-hatch\" d=\"M0,4 L8,4\" stroke-width=\"2\"/>",
                3 => "<path class=\"chart-hatch\" d=\"M4,0 L4,8\" stroke-width=\"2\"/>",
                4 => "<circle class=\"chart-dot\" cx=\"4\" cy=\"4\" r=\"1.5\"/>",
                _ => "<path class=\"chart-hatch\" d=\"M0,0 L8,8 M0,8 L8,0\" stroke-width=\"1.5\"/>",
            };
            svg.Append(CultureInfo.InvariantCulture,
                $"<pattern id=\"{id}-p{s}\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\"><rect class=\"chart-s{s}\" width=\"8\" height=\"8\"/>{lines}</pattern>");
        }
        svg.Append("</defs>");
    }

    private static void Legend(StringBuilder svg, string id, IReadOnlyList<ChartSeries> series, int y, bool line)
    {
        const int perRow = 2, columnWidth = Width / perRow;
        for (var s = 0; s < series.Count; s++)
        {
            var x = s % perRow * columnWidth + 8;
            var rowY = y + s / perRow * LegendRow;
            if (line)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<line class=\"chart-line chart-s{StyleOf(series[s], s)}\" x1=\"{x}\" y1=\"{rowY + 9}\" x2=\"{x + 28}\" y2=\"{rowY + 9}\" stroke-width=\"3\"{Dash(s)}/>");
                svg.Append(Marker(s, StyleOf(series[s], s), x + 14, rowY + 9, null));
            }
            else
            {
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"chart-swatch\" x=\"{x}\" y=\"{rowY}\" width=\"28\" height=\"18\" fill=\"url(#{id}-p{StyleOf(series[s], s)})\"/>");
            }
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"chart-legend\" x=\"{x + 36}\" y=\"{rowY + 14}\">{Escape(Shorten(series[s].Name, 40))}</text>");
        }
    }

    private static string Marker(int s, int style, decimal x, decimal y, string? tooltip)
    {
        var title = tooltip is null ? "" : $"<title>{Escape(tooltip)}</title>";
        var cls = $"chart-marker chart-s{style}";
        return (s % 3) switch
        {
            0 => string.Create(Invariant, $"<circle class=\"{cls}\" cx=\"{N(x)}\" cy=\"{N(y)}\" r=\"5\">{title}</circle>"),
            1 => string.Create(Invariant, $"<rect class=\"{cls}\" x=\"{N(x - 5)}\" y=\"{N(y - 5)}\" width=\"10\" height=\"10\">{title}</rect>"),
            _ => string.Create(Invariant, $"<path class=\"{cls}\" d=\"M{N(x)},{N(y - 6)} L{N(x + 6)},{N(y + 5)} L{N(x - 6)},{N(y + 5)} Z\">{title}</path>"),
        };
    }

    private static string Dash(int s) => (s % 3) switch
    {
        0 => "",
        1 => " stroke-dasharray=\"8 4\"",
        _ => " stroke-dasharray=\"2 4\"",
    };

    private static string Tooltip(ChartData data, ChartSeries series, int i, bool stacked) =>
        stacked ? $"{data.Categories[i]}, {series.Name}: {data.Format(ValueAt(series, i))}" : $"{data.Categories[i]}: {data.Format(ValueAt(series, i))}";

    private static int LegendRows(int series) => (series + 1) / 2;

    private static int StyleOf(ChartSeries series, int position) => ((series.Style ?? position) % SeriesStyles + SeriesStyles) % SeriesStyles;

    private static decimal ValueAt(ChartSeries series, int i) => i < series.Values.Count ? series.Values[i] : 0m;

    /// <summary>Bars and lines start at zero; a negative value (a falling indicator) is drawn as none, the table has it.</summary>
    private static decimal Positive(decimal value) => value < 0 ? 0 : value;

    /// <summary>The axis' top: 1, 2 or 5 times a power of ten, at least the largest value.</summary>
    internal static decimal NiceCeiling(decimal max)
    {
        if (max <= 0)
        {
            return 1;
        }
        var power = 1m;
        while (power * 10 <= max)
        {
            power *= 10;
        }
        while (power > max && power >= 10)
        {
            power /= 10;
        }
        foreach (var step in new[] { 1m, 2m, 5m, 10m })
        {
            if (power * step >= max)
            {
                return power * step;
            }
        }
        return power * 10;
    }

    /// <summary>A long label (a theme's name) cut with an ellipsis; the table beside the chart has it whole.</summary>
    internal static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)].TrimEnd() + "…";

    private static string N(decimal value) => Math.Round(value, 1).ToString("0.#", Invariant);

    /// <summary>XML text escaping: names come from users (themes, organisations) and must stay text.</summary>
    internal static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            switch (ch)
            {
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '&': sb.Append("&amp;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                default:
                    // Characters XML 1.0 does not allow would make the whole page unparseable as SVG.
                    if (ch >= ' ' || ch is '\t' or '\n' or '\r')
                    {
                        sb.Append(ch);
                    }
                    break;
            }
        }
        return sb.ToString();
    }
}
