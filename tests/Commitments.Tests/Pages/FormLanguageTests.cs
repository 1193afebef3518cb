using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using AngleSharp.Html.Dom;
using Commitments.Tests.Infrastructure;
using Commitments.Tests.Pages.Commitments;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Pages;

/// <summary>
/// Forms in the reader's language: the messages of a refused form (written by the page, by a
/// validation attribute or by model binding) and the notation of numbers typed and shown.
/// </summary>
public sealed partial class FormLanguageTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    [Fact]
    public async Task An_English_partner_types_English_numbers_and_a_bad_date_is_refused_in_English_with_nothing_saved()
    {
        using var limburg = await app.SignInAsync(DemoAccounts.PartnerLimburg);
        await limburg.SwitchLanguageAsync();
        const string title = "English notation";
        var form = await CommitmentFormPage.OpenAsync(limburg, "/Commitments/Create");
        form.Set("Form.Title", title).Set("Form.EndDate", "tomorrow").Set("Form.Budget", "25,000.50")
            .Indicator(0, "work placements", "number", "1,250.5", "2,000", "");

        var refused = await CommitmentFormPage.FromAsync(await form.PostAsync(limburg), form.Url);

        Assert.Contains("The value ‘tomorrow’ is not valid here.", refused.Errors);
        Assert.Equal("#Form_EndDate", refused.ErrorLinks["The value ‘tomorrow’ is not valid here."]);
        Assert.Equal("Please check the form", refused.Document.QuerySelector(".error-summary h2")!.TextContent.Trim());
        Assert.DoesNotContain(refused.Errors, e => e.Contains("waarde", StringComparison.Ordinal) || e.Contains("(", StringComparison.Ordinal));
        await using (var db = app.CreateAdminDbContext())
        {
            Assert.False(await db.Commitments.AnyAsync(c => c.Title == title));
        }

        form.Set("Form.EndDate", "2020-12-31");
        var id = CommitmentFormPage.IdFromRedirect(await form.PostAsync(limburg));

        await using (var db = app.CreateAdminDbContext())
        {
            var saved = await db.Commitments.Include(c => c.Indicators).SingleAsync(c => c.Id == id);
            Assert.Equal(25_000.50m, saved.BudgetEuros);
            var indicator = Assert.Single(saved.Indicators);
            Assert.Equal((1_250.5m, (decimal?)2_000m), (indicator.Baseline, indicator.Target));
        }
        var edit = await CommitmentFormPage.OpenAsync(limburg, $"/Commitments/Edit/{id}");
        Assert.Equal("25,000.50", edit.Value("Form.Budget"));
        Assert.Equal("1250.5", edit.Value("Form.Indicators[0].Baseline"));
        var (_, details) = await limburg.GetPageAsync($"/Commitments/Details/{id}");
        Assert.Contains("€25,000.50", details.QuerySelector("dl.facts")!.TextContent);
        Assert.Contains("31/12/2020", details.QuerySelector("dl.facts")!.TextContent);
    }

    [Fact]
    public async Task A_Dutch_page_gives_the_same_refusals_in_Dutch_and_reads_English_notation_as_wrong()
    {
        using var drenthe = await app.SignInAsync(DemoAccounts.PartnerDrenthe);
        const string title = "Nederlandse notatie";
        var form = await CommitmentFormPage.OpenAsync(drenthe, "/Commitments/Create");
        form.Set("Form.Title", title).Set("Form.EndDate", "morgen").Set("Form.Budget", "25,000.50");

        var refused = await CommitmentFormPage.FromAsync(await form.PostAsync(drenthe), form.Url);

        Assert.Contains("De waarde ‘morgen’ is hier niet geldig.", refused.Errors);
        Assert.Contains("Vul het budget in euro's in, bijvoorbeeld 1.234,56 (komma voor de centen).", refused.Errors);
        Assert.DoesNotContain(refused.Errors, e => e.Contains("(Enter", StringComparison.Ordinal));
        await using var db = app.CreateAdminDbContext();
        Assert.False(await db.Commitments.AnyAsync(c => c.Title == title));
    }

    [Fact]
    public async Task A_validation_attribute_message_follows_the_language()
    {
        using var browser = app.Anonymous();
        var dutch = await browser.PostFormAsync("/Account/ForgotPassword", ("Email", ""));
        Assert.Contains("Vul uw e-mailadres in.", await dutch.Content.ReadAsStringAsync());

        await browser.SwitchLanguageAsync(from: "/Account/ForgotPassword");
        var english = await browser.PostFormAsync("/Account/ForgotPassword", ("Email", ""));
        var page = await english.Content.ReadAsStringAsync();
        Assert.Contains("Enter your e-mail address.", page);
        Assert.DoesNotContain("Vul uw e-mailadres in.", page);
    }

    /// <summary>
    /// Every message the code writes through <c>Messages.Text</c>, and every validation attribute's
    /// message, has its English in Resources/Messages.en.resx, using no placeholder the Dutch lacks (the English
    /// may leave out a title the Dutch names); and no
    /// message is written the old way, Dutch with the English in brackets behind it.
    /// </summary>
    [Fact]
    public void Every_message_has_its_English_with_no_other_placeholders()
    {
        var web = Path.Combine(LanguageTestsRoot(), "src", "Commitments.Web");
        var english = XDocument.Load(Path.Combine(web, "Resources", "Messages.en.resx")).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);
        var problems = new List<string>();
        var keys = 0;
        foreach (var file in Directory.GetFiles(web, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var source = File.ReadAllText(file);
            foreach (var key in MessageKey().Matches(source).Select(m => Regex.Unescape(m.Groups["key"].Value)))
            {
                keys++;
                if (!english.TryGetValue(key, out var value) || string.IsNullOrWhiteSpace(value))
                {
                    problems.Add($"{Path.GetFileName(file)}: no English for \"{key}\"");
                }
                else if (!Placeholders(value).IsSubsetOf(Placeholders(key)))
                {
                    problems.Add($"{Path.GetFileName(file)}: the English has a placeholder the Dutch has not in \"{key}\"");
                }
            }
            if (file.Contains($"{Path.DirectorySeparatorChar}Pages{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                problems.AddRange(Bilingual().Matches(source).Select(m => $"{Path.GetFileName(file)}: bilingual literal {m.Value}"));
            }
        }
        Assert.True(keys > 100, $"only {keys} messages found");
        Assert.Empty(problems);
    }

    private static HashSet<string> Placeholders(string text) =>
        Placeholder().Matches(text).Select(m => m.Value).ToHashSet();


    private static string LanguageTestsRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory != null && !File.Exists(Path.Combine(directory.FullName, "Commitments.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Commitments.sln not found above the test output.");
    }

    [GeneratedRegex("""(?:Messages\.Text\(|ErrorMessage\s*=\s*)"(?<key>(?:[^"\\]|\\.)*)"\s*[,)\]]""")]
    private static partial Regex MessageKey();

    [GeneratedRegex(@"\{\d+(?::[^}]*)?\}")]
    private static partial Regex Placeholder();

    /// <summary>A string literal that ends in an English sentence in brackets: "Vul … in. (Enter ….)"</summary>
    [GeneratedRegex(@"\$?""[^""\n]*[.!?] \([A-Z][^""\n]*[.!?]\)\s*""")]
    private static partial Regex Bilingual();
}
