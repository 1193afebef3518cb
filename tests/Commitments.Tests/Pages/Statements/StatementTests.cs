using System.Net;
using AngleSharp.Html.Dom;
using Commitments.Tests.Infrastructure;

namespace Commitments.Tests.Pages.Statements;

/// <summary>
/// The accessibility and privacy statements: public (readable before signing in), in both languages,
/// with the parts the Dutch model statement and the GDPR ask for, and linked from every page's footer.
/// </summary>
public sealed class StatementTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    public static readonly TheoryData<string, string, string, string[], string[]> Statements = new()
    {
        {
            "/toegankelijkheid", "Toegankelijkheidsverklaring", "Accessibility statement",
            ["Nalevingsstatus", "Hoe wij dit toetsen", "Bekende beperkingen", "Contact"],
            ["Compliance status", "How we test this", "Known limitations", "Contact"]
        },
        {
            "/privacy", "Privacyverklaring", "Privacy statement",
            ["Welke persoonsgegevens", "Waarvoor en op welke grondslag", "Cookies", "Hoe lang", "Wie de gegevens ziet", "Uw rechten"],
            ["Which personal data", "What for, and on what legal basis", "Cookies", "How long", "Who sees the data", "Your rights"]
        },
    };

    [Theory]
    [MemberData(nameof(Statements))]
    public async Task A_statement_is_public_in_Dutch_and_in_English(string url, string dutchTitle, string englishTitle, string[] dutchSections, string[] englishSections)
    {
        using var visitor = app.Anonymous();

        var (response, dutch) = await visitor.GetPageAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nl", dutch.DocumentElement.GetAttribute("lang"));
        Assert.Equal(dutchTitle, dutch.QuerySelector("h1")!.TextContent);
        Assert.StartsWith(dutchTitle + " – ", dutch.Title);
        Assert.Equal(dutchSections, Sections(dutch));

        await ChooseAsync(visitor, url, "en-GB");
        var (_, english) = await visitor.GetPageAsync(url);
        Assert.Equal("en", english.DocumentElement.GetAttribute("lang"));
        Assert.Equal(englishTitle, english.QuerySelector("h1")!.TextContent);
        Assert.StartsWith(englishTitle + " – ", english.Title);
        Assert.Equal(englishSections, Sections(english));
        // The English version is not the Dutch one with an English heading.
        Assert.DoesNotContain(" de ", english.QuerySelector("main")!.TextContent);
    }

    [Fact]
    public async Task The_accessibility_statement_names_the_standard_the_status_and_where_to_report_a_problem()
    {
        using var visitor = app.Anonymous();
        var (_, page) = await visitor.GetPageAsync("/toegankelijkheid");
        var text = page.QuerySelector("main")!.TextContent;

        Assert.Contains("WCAG) 2.1", text);
        Assert.Contains("niveau A en AA", text);
        Assert.Contains("voldoet gedeeltelijk", System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " "));
        Assert.Matches(@"opgesteld op \d{2}-\d{2}-\d{4}", text);
        Assert.Equal("mailto:secretariaat@techniekpact.test", page.QuerySelector("main a[href^=mailto]")?.GetAttribute("href"));
    }

    [Fact]
    public async Task The_privacy_statement_names_the_legal_basis_and_the_supervisor()
    {
        using var visitor = app.Anonymous();
        var (_, page) = await visitor.GetPageAsync("/privacy");
        var text = page.QuerySelector("main")!.TextContent;

        Assert.Contains("artikel 6, lid 1, onder e AVG", text);
        Assert.Contains("Autoriteit Persoonsgegevens", text);
        Assert.NotNull(page.QuerySelector("main a[href^=mailto]"));
    }

    [Theory]
    [InlineData(null, "/Account/Login")]
    [InlineData(DemoAccounts.PartnerDrenthe, "/Commitments")]
    [InlineData(DemoAccounts.Ocw, "/Reports")]
    public async Task Every_page_links_both_statements_from_its_footer(string? account, string url)
    {
        using var browser = account == null ? app.Anonymous() : await app.SignInAsync(account);

        var (_, page) = await browser.GetPageAsync(url);

        Assert.Equal(["/toegankelijkheid", "/privacy"], page.QuerySelectorAll("footer a").Select(a => a.GetAttribute("href")).ToList());
        Assert.Equal(["Toegankelijkheid", "Privacy"], page.QuerySelectorAll("footer a").Select(a => a.TextContent).ToList());
    }

    private static List<string> Sections(IHtmlDocument page) =>
        page.QuerySelectorAll("main h2").Select(h => h.TextContent).ToList();

    private static async Task ChooseAsync(TestBrowser browser, string url, string culture)
    {
        var (_, page) = await browser.GetPageAsync(url);
        var form = (IHtmlFormElement)page.QuerySelector("form.language-switch")!;
        Assert.Equal(culture, form.QuerySelector("input[name=culture]")!.GetAttribute("value"));
        var fields = form.QuerySelectorAll("input[type=hidden]")
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""));
        var response = await browser.Client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(url, response.Headers.Location!.OriginalString);
    }
}
