using System.Globalization;
using System.Xml.Linq;
using Commitments.Web.Dashboards;

namespace Commitments.Tests.Dashboards;

/// <summary>
/// The server-drawn charts: well-formed SVG that a screen reader announces by its title and
/// description, bars in proportion to their values, user text kept as text, no inline styles (the
/// CSP would block them), and series told apart by more than colour.
/// </summary>
public sealed class SvgChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static ChartData Data(string[] categories, params ChartSeries[] series) =>
        new("chart-test", "Toezeggingen per thema", "Staafdiagram van het aantal toezeggingen per thema.", categories, series,
            v => v.ToString("N0", CultureInfo.GetCultureInfo("nl-NL")));

    private static XElement Parse(string svg) => XElement.Parse(svg);

    [Fact]
    public void A_chart_is_an_image_named_by_its_title_and_described_by_its_desc()
    {
        var svg = Parse(SvgChart.Bar(Data(["Energietransitie"], new ChartSeries("Aantal", [3]))));

        Assert.Equal("img", svg.Attribute("role")!.Value);
        Assert.Equal("chart-test-title", svg.Attribute("aria-labelledby")!.Value);
        Assert.Equal("chart-test-desc", svg.Attribute("aria-describedby")!.Value);
        Assert.Equal("Toezeggingen per thema", svg.Element(Svg + "title")!.Value);
        Assert.Equal("chart-test-title", svg.Element(Svg + "title")!.Attribute("id")!.Value);
        Assert.Equal("Staafdiagram van het aantal toezeggingen per thema.", svg.Element(Svg + "desc")!.Value);
        Assert.NotNull(svg.Attribute("viewBox"));
    }

    [Fact]
    public void Bars_are_in_proportion_to_their_values_and_carry_the_value_as_text()
    {
        var svg = Parse(SvgChart.Bar(Data(["Digitalisering", "Energietransitie", "Werken in de techniek"], new ChartSeries("Aantal", [1200, 600, 0]))));

        var bars = svg.Descendants(Svg + "rect").ToList();
        Assert.Equal(2, bars.Count); // a zero draws no bar, but keeps its label and value
        var widths = bars.Select(b => double.Parse(b.Attribute("width")!.Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(widths[0] / 2, widths[1], 1);
        var texts = svg.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Equal(["Digitalisering", "1.200", "Energietransitie", "600", "Werken in de techniek", "0"], texts);
    }

    [Fact]
    public void A_chart_of_only_zeros_or_of_nothing_is_drawn_without_dividing_by_zero()
    {
        var zeros = Parse(SvgChart.Bar(Data(["Noord", "Zuid"], new ChartSeries("Budget", [0, 0]))));
        Assert.Empty(zeros.Descendants(Svg + "rect"));
        Assert.Equal(["Noord", "0", "Zuid", "0"], zeros.Descendants(Svg + "text").Select(t => t.Value).ToList());

        var empty = Parse(SvgChart.StackedBar(Data([])));
        Assert.Equal("img", empty.Attribute("role")!.Value);
        var line = Parse(SvgChart.Line(Data(["2018"], new ChartSeries("Toezeggingen", [0]))));
        Assert.Single(line.Descendants(Svg + "polyline"));
    }

    [Fact]
    public void Text_from_users_stays_text_and_the_svg_stays_well_formed()
    {
        const string theme = "<script>alert('x')</script> & \"Techniek\"\u0001";
        var markup = SvgChart.StackedBar(Data([theme], new ChartSeries("Goedgekeurd & <b>", [2]), new ChartSeries("Ingediend", [1])));

        var svg = Parse(markup); // throws when not well-formed
        Assert.DoesNotContain("<script>", markup);
        Assert.Empty(svg.Descendants(Svg + "script"));
        Assert.Contains(svg.Descendants(Svg + "title"), t => t.Value.StartsWith("<script>alert('x')</script> & \"Techniek\"", StringComparison.Ordinal));
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "Goedgekeurd & <b>");
    }

    [Fact]
    public void No_chart_uses_style_attributes_or_elements_which_the_content_security_policy_blocks()
    {
        var data = Data(["2018", "2019", "2020"], new ChartSeries("A", [1, 5, 9]), new ChartSeries("B", [2, 3, 4]), new ChartSeries("C", [0, 1, 2]));
        foreach (var markup in new[] { SvgChart.Bar(data), SvgChart.StackedBar(data), SvgChart.Line(data) })
        {
            var svg = Parse(markup);
            Assert.DoesNotContain(svg.DescendantsAndSelf(), e => e.Attribute("style") != null);
            Assert.Empty(svg.Descendants(Svg + "style"));
        }
    }

    [Fact]
    public void Stacked_segments_differ_by_pattern_as_well_as_colour_and_the_legend_names_each_series()
    {
        var svg = Parse(SvgChart.StackedBar(Data(["Noord", "Zuid"],
            new ChartSeries("Ingediend", [1, 2], Style: 1), new ChartSeries("Goedgekeurd", [3, 0], Style: 2))));

        var patterns = svg.Descendants(Svg + "pattern").Select(p => p.Attribute("id")!.Value).ToList();
        Assert.Equal(["chart-test-p1", "chart-test-p2"], patterns);
        // Each pattern but the plain first style draws lines or dots over its colour.
        Assert.All(svg.Descendants(Svg + "pattern"), p => Assert.True(p.Elements().Count() >= 2));
        var segments = svg.Descendants(Svg + "rect").Where(r => r.Attribute("class")?.Value == "chart-segment").ToList();
        Assert.Equal(3, segments.Count); // Zuid has no approved segment
        Assert.Equal(["url(#chart-test-p1)", "url(#chart-test-p2)", "url(#chart-test-p1)"], segments.Select(s => s.Attribute("fill")!.Value).ToList());
        Assert.Equal("Noord, Ingediend: 1", segments[0].Element(Svg + "title")!.Value);
        var texts = svg.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("Ingediend", texts);
        Assert.Contains("Goedgekeurd", texts);
        Assert.Contains("4", texts); // the total beside the Noord bar
    }

    [Fact]
    public void Lines_have_a_marker_per_point_of_a_shape_of_their_own_and_dashes()
    {
        var svg = Parse(SvgChart.Line(Data(["2018", "2019", "2020"],
            new ChartSeries("Toezeggingen", [10, 20, 30]), new ChartSeries("Rapportages", [0, 5, 15]))));

        var lines = svg.Descendants(Svg + "polyline").ToList();
        Assert.Equal(2, lines.Count);
        Assert.Null(lines[0].Attribute("stroke-dasharray"));
        Assert.NotNull(lines[1].Attribute("stroke-dasharray"));
        var markers = svg.Descendants().Where(e => e.Attribute("class")?.Value.Contains("chart-marker", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(3 + 3 + 2, markers.Count); // a marker per point, and one in each legend entry
        Assert.Equal(["circle", "rect"], markers.Where(m => m.Element(Svg + "title") == null).Select(m => m.Name.LocalName).ToList());
        Assert.Equal("2019, Rapportages: 5", markers.Single(m => m.Element(Svg + "title")?.Value == "2019, Rapportages: 5").Element(Svg + "title")!.Value);
        // The axis reads from 0 to a round number at or above the largest value.
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value == "50");
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(7, 10)]
    [InlineData(15, 20)]
    [InlineData(30, 50)]
    [InlineData(120, 200)]
    [InlineData(6795501, 10000000)]
    public void The_axis_top_is_a_round_number_at_or_above_the_largest_value(decimal max, decimal top) =>
        Assert.Equal(top, SvgChart.NiceCeiling(max));

    [Fact]
    public void Long_labels_are_shortened_in_the_chart_only()
    {
        Assert.Equal("Techniek in het primair ond…", SvgChart.Shorten("Techniek in het primair onderwijs", 28));
        Assert.Equal("Digitalisering", SvgChart.Shorten("Digitalisering", 28));
    }
}
