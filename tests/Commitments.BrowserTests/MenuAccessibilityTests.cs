using System.Text.RegularExpressions;
using Commitments.BrowserTests.Infrastructure;
using Commitments.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Commitments.BrowserTests;

/// <summary>
/// Every page a role can reach, in both languages, checked by axe-core against WCAG 2.1 A and AA. The
/// pages are found the way a person finds them, by following links rather than from a list that would
/// miss the next page someone adds: the header, the main menu and the footer of the start page, then the
/// links inside those pages (the forms, details, edit and review pages), three clicks deep (two in English). One page per
/// route is enough (the tenth commitment's details are the same page as the first's), which keeps the
/// run short. All violations of a role and language are reported together.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class MenuAccessibilityTests(BrowserFixture browser, ITestOutputHelper output)
{
    /// <summary>
    /// Three clicks deep in Dutch; in English two (the menu's pages and what they link to): the deeper
    /// pages have the same markup with other words, and each axe run costs a second or more on CI.
    /// </summary>
    private static int Depth(string language) => language == "en" ? 2 : 3;
    private const int MaxPages = 40;

    public static readonly TheoryData<string, string?, string> Roles = new()
    {
        { "anonymous", null, "nl" },
        { "anonymous", null, "en" },
        { "partner", DemoAccounts.PartnerLimburg, "nl" },
        { "partner", DemoAccounts.PartnerLimburg, "en" },
        { "co-partner", DemoAccounts.PartnerDrenthe, "nl" },
        { "co-partner", DemoAccounts.PartnerDrenthe, "en" },
        { "regional lead", DemoAccounts.TrekkerNoord, "nl" },
        { "regional lead", DemoAccounts.TrekkerNoord, "en" },
        { "ministry", DemoAccounts.Ocw, "nl" },
        { "ministry", DemoAccounts.Ocw, "en" },
        { "administrator", DemoAccounts.Admin, "nl" },
        { "administrator", DemoAccounts.Admin, "en" },
    };

    [SkippableTheory]
    [MemberData(nameof(Roles))]
    public async Task Every_page_reachable_from_the_menu_meets_WCAG_21_AA(string role, string? account, string language)
    {
        BrowserFixture.RequireChromium();
        var page = account == null ? await browser.NewPageAsync() : await browser.SignedInPageAsync(account);
        if (account == null)
        {
            await page.GotoAsync("/Account/Login");
        }
        if (language == "en")
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "English", Exact = true }).ClickAsync();
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        }
        try
        {
            var (visited, violations) = await CrawlAsync(page, language);
            output.WriteLine($"{role} ({language}): {visited.Count} pages, {violations.Count} with violations");
            foreach (var url in visited)
            {
                output.WriteLine("  " + url);
            }
            Assert.True(visited.Count >= (account == null ? 4 : 6), $"only {visited.Count} pages found for {role}: {string.Join(", ", visited)}");
            if (role.EndsWith("partner", StringComparison.Ordinal))
            {
                // A partner's reminder settings, linked beside the account's pages in the header.
                Assert.Contains(visited, v => v.StartsWith("/Settings/Reminders", StringComparison.Ordinal));
            }
            Assert.True(violations.Count == 0, string.Join("\n", violations));
        }
        finally
        {
            if (language == "en" && account != null)
            {
                // The choice is stored on the account: leave it Dutch for the other tests.
                await page.GotoAsync("/");
                await page.GetByRole(AriaRole.Button, new() { Name = "Nederlands", Exact = true }).ClickAsync();
                await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "nl");
            }
        }
    }

    private async Task<(List<string> Visited, List<string> Violations)> CrawlAsync(IPage page, string language)
    {
        var origin = new Uri(browser.App.RootUri.GetLeftPart(UriPartial.Authority));
        var seenRoutes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var visited = new List<string>();
        var violations = new List<string>();
        var queue = new Queue<(string Url, int Depth)>();

        await page.GotoAsync("/");
        foreach (var link in await LinksAsync(page, "header a[href], nav a[href], footer a[href]", origin))
        {
            queue.Enqueue((link, 1));
        }
        while (queue.Count > 0 && visited.Count < MaxPages)
        {
            var (url, depth) = queue.Dequeue();
            if (!seenRoutes.Add(Route(url)))
            {
                continue;
            }
            var response = await page.GotoAsync(url);
            visited.Add($"{url} ({response?.Status})");
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
            try
            {
                await AxeAssert.NoViolationsAsync(page, url);
            }
            catch (Exception e) when (e.GetType().Name.Contains("Fail", StringComparison.Ordinal) || e is Xunit.Sdk.XunitException)
            {
                violations.Add(e.Message);
            }
            if (depth < Depth(language))
            {
                foreach (var link in await LinksAsync(page, "main a[href]", origin))
                {
                    queue.Enqueue((link, depth + 1));
                }
            }
        }
        return (visited, violations);
    }

    /// <summary>
    /// The pages the links lead to, as local paths with their query: no other sites, no e-mail links,
    /// no files (reports, evidence) and not the job dashboard, which is third-party software named as a
    /// known limitation in the accessibility statement.
    /// </summary>
    private static async Task<List<string>> LinksAsync(IPage page, string selector, Uri origin)
    {
        var hrefs = await page.Locator(selector).EvaluateAllAsync<string[]>("links => links.map(a => a.href)");
        return hrefs
            .Select(h => Uri.TryCreate(h, UriKind.Absolute, out var u) ? u : null)
            .Where(u => u != null && u.Scheme.StartsWith("http", StringComparison.Ordinal) && u.Authority == origin.Authority)
            .Select(u => u!.PathAndQuery)
            .Where(p => !p.StartsWith("/beheer/taken", StringComparison.OrdinalIgnoreCase)
                        && !p.Contains("handler=Download", StringComparison.OrdinalIgnoreCase)
                        && !p.StartsWith("/Progress/Evidence", StringComparison.OrdinalIgnoreCase))
            .Distinct()
            .ToList();
    }

    /// <summary>The page behind a path: numbers are ids, and the query only filters or pages the same page.</summary>
    private static string Route(string pathAndQuery) => Number().Replace(pathAndQuery.Split('?')[0].TrimEnd('/'), "{n}");

    [GeneratedRegex(@"\d+")]
    private static partial Regex Number();
}
