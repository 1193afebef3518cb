using System.Data.Common;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Commitments.Tests.Infrastructure;
using Commitments.Tests.Pages.Commitments;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Commitments.Tests.Pages;

/// <summary>
/// An English page has no Dutch left: for every role, signed in and switched to English, every page
/// reachable from the menu (found by following links, as <c>MenuAccessibilityTests</c> does in the
/// browser: header, menu and footer, then the links in those pages, three clicks deep) is read for
/// words that only the Dutch interface texts use, and for Dutch notation of numbers, amounts and dates.
/// What users typed (titles, organisation names, narratives: any text stored in the database) is
/// Dutch data and is taken out of the page first; so is an element that declares itself Dutch with
/// lang="nl" (the "Nederlands" button of the language switch).
/// </summary>
public sealed partial class EnglishPagesTests(CommitmentsWebFactory app, ITestOutputHelper output) : IClassFixture<CommitmentsWebFactory>
{
    private const int Depth = 3;
    private const int MaxPages = 80;

    /// <summary>
    /// Words of the Dutch interface that are not English words as well (so not "Status", "Budget",
    /// "Thema" shows up as "Theme"): seen on an English page, they are a text that escaped localisation.
    /// </summary>
    private static readonly string[] DutchWords =
    [
        "toezegging", "toezeggingen", "landsdeel", "landsdelen", "landsdeeltrekker", "penvoerder",
        "opslaan", "terug", "volgende", "vorige", "geen", "niet", "nog", "alle", "zoeken", "wijzigen",
        "indienen", "ingediend", "goedgekeurd", "teruggestuurd", "ingetrokken", "voortgang", "beoordelen",
        "jaarrapportage", "rapportagejaar", "overzicht", "organisatie", "gebruiker", "gebruikers",
        "wachtwoord", "beheer", "uitnodigen", "uitnodiging", "herinnering", "herinneringen", "uitloggen",
        "ingelogd", "aangevraagd", "bevroren", "tekens", "dagen", "gevonden", "kies", "bekijken",
        "verwijderen", "toevoegen", "annuleren", "uiterlijk", "doel", "nulmeting", "looptijd", "bijlage",
        "bewijsstuk", "toelichting", "einddatum", "startdatum", "t/m", "uw", "het", "een", "van", "voor",
    ];

    public static readonly TheoryData<string, string?> Roles = new()
    {
        { "anonymous", null },
        { "partner", DemoAccounts.PartnerLimburg },
        { "co-partner", DemoAccounts.PartnerDrenthe },
        { "regional lead", DemoAccounts.TrekkerNoord },
        { "ministry", DemoAccounts.Ocw },
        { "administrator", DemoAccounts.Admin },
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Every_English_page_a_role_reaches_has_no_Dutch_words_and_no_Dutch_notation(string role, string? account)
    {
        using var browser = account == null ? app.Anonymous() : await app.SignInAsync(account);
        await browser.SwitchLanguageAsync(from: account == null ? "/Account/Login" : "/");
        var data = await StoredTextsAsync();

        var visited = new List<string>();
        var findings = new List<string>();
        var seenRoutes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var queue = new Queue<(string Url, int Depth)>();
        var (_, start) = await browser.GetPageAsync(account == null ? "/Account/Login" : "/");
        foreach (var link in Links(start, "header a[href], nav a[href], footer a[href]"))
        {
            queue.Enqueue((link, 1));
        }
        queue.Enqueue((account == null ? "/Account/Login" : "/", 1));
        while (queue.Count > 0 && visited.Count < MaxPages)
        {
            var (url, depth) = queue.Dequeue();
            if (!seenRoutes.Add(Route(url)))
            {
                continue;
            }
            var (response, page) = await browser.GetPageAsync(url);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                visited.Add($"{url} ({(int)response.StatusCode})");
                continue;
            }
            visited.Add(url);
            Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
            var text = VisibleText(page, data);
            findings.AddRange(DutchWordsIn(text).Select(w => $"{url}: Dutch word \"{w}\" in …{Around(text, w)}…"));
            findings.AddRange(DutchNotation().Matches(text).Select(m => $"{url}: Dutch notation \"{m.Value}\" in …{Around(text, m.Value)}…"));
            if (depth < Depth)
            {
                foreach (var link in Links(page, "main a[href]"))
                {
                    queue.Enqueue((link, depth + 1));
                }
            }
        }

        output.WriteLine($"{role}: {visited.Count} English pages read");
        visited.ForEach(v => output.WriteLine("  " + v));
        Assert.True(visited.Count >= (account == null ? 4 : 8), $"only {visited.Count} pages found for {role}: {string.Join(", ", visited)}");
        Assert.True(findings.Count == 0, string.Join("\n", findings));
    }

    [Fact]
    public void The_check_finds_Dutch_words_and_notation_and_spares_English()
    {
        Assert.Equal(["toezeggingen", "gevonden", "geen"], DutchWordsIn("3 Toezeggingen gevonden; geen fouten"));
        Assert.Empty(DutchWordsIn("3 commitment(s) found. Status: Approved. Budget €1,234.50, 30/11/2026."));
        Assert.All(["1.234", "1.234,5", "€ 1.234,50", "33,33%", "30-11-2026"], dutch => Assert.Matches(DutchNotation(), dutch));
        Assert.All(["1,234", "1,234.5", "€1,234.50", "33.33%", "30/11/2026", "2026-11-30", "v1.2"], english => Assert.DoesNotMatch(DutchNotation(), english));
    }

    /// <summary>The words of the list found in the text, whole words, case-insensitive.</summary>
    private static List<string> DutchWordsIn(string text) =>
        Word().Matches(text).Select(m => m.Value.ToLowerInvariant()).Where(DutchWords.Contains).Distinct().ToList();

    /// <summary>
    /// The text a reader meets: the title, the body's text and the texts of attributes a screen reader
    /// speaks, without script and style, without elements marked lang="nl", and without stored data.
    /// </summary>
    private static string VisibleText(IHtmlDocument page, IReadOnlyList<string> data)
    {
        foreach (var element in page.QuerySelectorAll("script, style, [lang=nl]").ToList())
        {
            element.Remove();
        }
        var text = new StringBuilder(page.Title).Append('\n');
        foreach (var element in page.Body!.QuerySelectorAll("*").Prepend(page.Body))
        {
            foreach (var attribute in new[] { "title", "aria-label", "alt", "placeholder" })
            {
                if (element.GetAttribute(attribute) is { Length: > 0 } value)
                {
                    text.Append(value).Append('\n');
                }
            }
        }
        foreach (var node in page.Body.Descendants<IText>())
        {
            // A chart shortens a long name ("Techniek in het primair ond…"): still the stored name.
            if (node.Data.Trim() is [.., '…'] shortened && data.Any(d => d.StartsWith(shortened[..^1], StringComparison.Ordinal)))
            {
                continue;
            }
            text.Append(node.Data).Append(' ');
        }
        var all = Regex.Replace(text.ToString(), @"\s+", " ");
        // Stored data, longest first, so that a title is removed whole before a shorter name inside it.
        foreach (var value in data)
        {
            all = all.Replace(value, " ", StringComparison.Ordinal);
        }
        return all;
    }

    /// <summary>
    /// Every text the database holds (each string column of each table: titles, names, narratives,
    /// comments, history details): the users' own data, Dutch or not, never translated.
    /// </summary>
    private async Task<IReadOnlyList<string>> StoredTextsAsync()
    {
        await using var db = app.CreateAdminDbContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var texts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entity in db.Model.GetEntityTypes().Where(e => e.GetTableName() != null && !e.IsOwned()))
        {
            foreach (var property in entity.GetProperties().Where(p => p.ClrType == typeof(string)))
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT \"{property.GetColumnName()}\" FROM \"{entity.GetTableName()}\"";
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    if (!reader.IsDBNull(0) && Regex.Replace(reader.GetString(0), @"\s+", " ").Trim() is { Length: >= 3 } value)
                    {
                        texts.Add(value);
                    }
                }
            }
        }
        return texts.OrderByDescending(t => t.Length).ToList();
    }


    /// <summary>Local pages the links lead to: no downloads, no files, not the job dashboard (third-party).</summary>
    private static IEnumerable<string> Links(IHtmlDocument page, string selector) =>
        page.QuerySelectorAll(selector)
            .Select(a => a.GetAttribute("href") ?? "")
            .Where(h => h.StartsWith('/') && !h.StartsWith("//", StringComparison.Ordinal))
            .Select(h => WebUtility.HtmlDecode(h).Split('#')[0])
            .Where(h => h.Length > 0
                        && !h.StartsWith("/beheer/taken", StringComparison.OrdinalIgnoreCase)
                        && !h.Contains("handler=Download", StringComparison.OrdinalIgnoreCase)
                        && !h.StartsWith("/Progress/Evidence", StringComparison.OrdinalIgnoreCase))
            .Distinct();

    /// <summary>The page behind a path: numbers are ids, the query only filters or pages the same page.</summary>
    private static string Route(string pathAndQuery) => Number().Replace(pathAndQuery.Split('?')[0].TrimEnd('/'), "{n}");

    private static string Around(string text, string found)
    {
        var at = text.IndexOf(found, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return found;
        }
        var from = Math.Max(0, at - 40);
        return text[from..Math.Min(text.Length, at + found.Length + 40)];
    }

    [GeneratedRegex(@"\d+")]
    private static partial Regex Number();

    [GeneratedRegex(@"[\p{L}/]+")]
    private static partial Regex Word();

    /// <summary>
    /// Dutch notation: thousands with dots (1.234, 1.234,5), a decimal comma (33,3), the euro sign with
    /// a space (€ 1), a date with dashes (30-11-2026). English writes 1,234.5, 33.3, €1 and 30/11/2026.
    /// </summary>
    [GeneratedRegex(@"€ \d|\b\d{2}-\d{2}-\d{4}\b|\b\d{1,3}(?:\.\d{3})+(?:,\d+)?\b|\b\d+,\d{1,2}\b(?!\d)")]
    private static partial Regex DutchNotation();
}
