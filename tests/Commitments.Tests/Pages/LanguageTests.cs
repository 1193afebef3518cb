using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using AngleSharp.Html.Dom;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Commitments.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Commitments.Tests.Pages;

/// <summary>
/// Dutch first, English available: the switch in the header of every page, what it remembers, and
/// that the English texts are really found.
/// </summary>
public sealed partial class LanguageTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private const string TrekkerOost = "trekker.oost@techniekpact.test";

    private static readonly string[] EnglishCommitmentStatuses = ["Draft", "Submitted", "Returned", "Approved", "Withdrawn"];

    [Fact]
    public async Task The_login_page_is_Dutch_by_default_and_offers_English()
    {
        using var browser = app.Anonymous();
        var (_, page) = await browser.GetPageAsync("/Account/Login");

        Assert.Equal("nl", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Inloggen", page.QuerySelector("h1")!.TextContent);
        var button = page.QuerySelector("form.language-switch button[type=submit]")!;
        Assert.Equal("English", button.TextContent.Trim());
        Assert.Equal("en", button.GetAttribute("lang"));
    }

    [Fact]
    public async Task Switching_to_English_translates_login_navigation_and_commitment_list_and_switching_back_restores_Dutch()
    {
        using var browser = app.Anonymous();
        var switched = await SwitchLanguageAsync(browser, "/Account/Login");

        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/Account/Login", switched.Headers.Location!.OriginalString);
        var cookie = Assert.Single(switched.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));
        Assert.Contains("c%3Den-GB%7Cuic%3Den-GB", cookie);
        Assert.Contains("max-age=31536000", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);

        var (_, login) = await browser.GetPageAsync("/Account/Login");
        Assert.Equal("en", login.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Sign in", login.QuerySelector("h1")!.TextContent);
        Assert.Equal("Skip to content", login.QuerySelector(".skip-link")!.TextContent);
        Assert.Equal("E-mail address", login.QuerySelector("label[for=Form_Email]")!.TextContent);
        var back = login.QuerySelector("form.language-switch button[type=submit]")!;
        Assert.Equal("Nederlands", back.TextContent.Trim());
        Assert.Equal("nl", back.GetAttribute("lang"));

        await browser.SignInAsync(DemoAccounts.PartnerDrenthe, CommitmentsWebFactory.Password);
        var (_, list) = await browser.GetPageAsync("/Commitments");
        Assert.Equal("en", list.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Commitments", list.QuerySelector("h1")!.TextContent);
        Assert.Equal(["Overview", "Commitments", "New commitment", "Invite a colleague", "Annual report"], NavigationLinks(list));
        Assert.Contains("Signed in as", list.QuerySelector(".signed-in")!.TextContent);
        Assert.Equal("Sign out", list.QuerySelector(".signed-in button")!.TextContent);
        Assert.Matches(@"^\d+ commitment\(s\) found\.$", list.QuerySelector("p[role=status]")!.TextContent);
        Assert.Equal(["Title", "Lead partner", "Region", "Themes", "Status", "End date"],
            list.QuerySelectorAll("thead th").Select(th => th.TextContent).ToList());
        var statuses = list.QuerySelectorAll("td .status").Select(s => s.TextContent).ToList();
        Assert.NotEmpty(statuses);
        Assert.All(statuses, s => Assert.Contains(s, EnglishCommitmentStatuses));
        Assert.Equal(["All", .. EnglishCommitmentStatuses], list.QuerySelectorAll("#Status option").Select(o => o.TextContent).ToList());
        // Dates follow the language: 30/11/2026 in English (30-11-2026 in Dutch).
        Assert.All(list.QuerySelectorAll("tbody td:last-child").Select(td => td.TextContent).Where(t => t != "–"),
            date => Assert.Matches(@"^\d{2}/\d{2}/\d{4}$", date));

        await SwitchLanguageAsync(browser, "/Commitments");
        var (_, dutch) = await browser.GetPageAsync("/Commitments");
        Assert.Equal("nl", dutch.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Toezeggingen", dutch.QuerySelector("h1")!.TextContent);
        Assert.Equal(["Overzicht", "Toezeggingen", "Nieuwe toezegging", "Collega uitnodigen", "Jaarrapportage"], NavigationLinks(dutch));
        Assert.Equal("English", dutch.QuerySelector("form.language-switch button")!.TextContent.Trim());
    }

    public static readonly TheoryData<string, string, string> EnglishPages = new()
    {
        { DemoAccounts.PartnerDrenthe, "/", "Overview" },
        { DemoAccounts.PartnerDrenthe, "/Commitments/Create", "New commitment" },
        { DemoAccounts.PartnerDrenthe, "/Invitations/Create", "Invite a colleague" },
        { DemoAccounts.PartnerDrenthe, "/Commitments/Nonexistent", "Not found" },
        { DemoAccounts.Ocw, "/Reports", "Annual report" },
        { DemoAccounts.Admin, "/Admin", "Administration" },
        { DemoAccounts.Admin, "/Invitations/Create", "Invite someone" },
    };

    [Theory]
    [MemberData(nameof(EnglishPages))]
    public async Task Signed_in_pages_are_English_after_switching(string account, string url, string heading)
    {
        using var browser = await app.SignInAsync(account);
        await ChooseEnglishAsync(browser, "/");

        var (_, page) = await browser.GetPageAsync(url);

        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal(heading, page.QuerySelector("h1")!.TextContent);
        Assert.EndsWith("– Techniekpact commitments", page.Title);
        Assert.Contains("register of commitments and progress", page.QuerySelector("footer")!.TextContent);
    }

    [Fact]
    public async Task Commitment_details_are_English_with_English_dates_and_amounts()
    {
        using var browser = await app.SignInAsync(DemoAccounts.PartnerDrenthe);
        await ChooseEnglishAsync(browser, "/");
        var (_, list) = await browser.GetPageAsync("/Commitments");
        var details = list.QuerySelector("tbody a")!.GetAttribute("href")!;

        var (_, page) = await browser.GetPageAsync(details);

        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        var facts = page.QuerySelectorAll("dl.facts dt").Select(dt => dt.TextContent).ToList();
        Assert.Equal(["Lead partner", "Co-partners", "Reporting year", "Themes", "Duration", "Budget", "In kind", "Description", "Contact person"], facts);
        Assert.Contains(page.QuerySelector("p .status")!.TextContent, EnglishCommitmentStatuses);
        Assert.Equal(["Indicators", "Progress", "History"], page.QuerySelectorAll("h2").Select(h => h.TextContent).ToList());
        Assert.Contains("(Province, region Noord)", page.QuerySelector("dl.facts dd")!.TextContent);
        var duration = page.QuerySelectorAll("dl.facts dd")[4].TextContent;
        Assert.Matches(@"^(\d{2}/\d{2}/\d{4}|–) to (\d{2}/\d{2}/\d{4}|–)$", duration);
        Assert.Matches(@"^(€\d{1,3}(,\d{3})*\.\d{2}|–)$", page.QuerySelectorAll("dl.facts dd")[5].TextContent);
    }

    [Fact]
    public async Task Pages_for_signed_out_visitors_are_English_after_switching()
    {
        using var browser = app.Anonymous();
        await SwitchLanguageAsync(browser, "/Account/Login");

        var (_, forgot) = await browser.GetPageAsync("/Account/ForgotPassword");
        Assert.Equal("Forgotten password", forgot.QuerySelector("h1")!.TextContent);
        Assert.Equal("Send me a link", forgot.QuerySelector("main button")!.TextContent);
        var (_, reset) = await browser.GetPageAsync("/Account/ResetPassword");
        Assert.Equal("Set a new password", reset.QuerySelector("h1")!.TextContent);
        var (_, invitation) = await browser.GetPageAsync("/Account/AcceptInvitation?token=unknown");
        Assert.Equal("Create account", invitation.QuerySelector("h1")!.TextContent);
        Assert.StartsWith("This invitation is unknown", invitation.QuerySelector("[role=alert]")!.TextContent.Trim());
        Assert.Null(invitation.QuerySelector("[role=alert] span[lang=en]")); // no Dutch-page translation aside

        var invalid = await browser.PostFormAsync("/Account/Login", ("Form.Email", ""), ("Form.Password", ""));
        var summary = TestBrowser.Parse(await invalid.Content.ReadAsStringAsync()).QuerySelector(".error-summary h2")!;
        Assert.Equal("Please check the form", summary.TextContent.Trim());
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    public async Task A_return_url_outside_the_site_goes_to_the_start_page_instead(string returnUrl)
    {
        using var browser = app.Anonymous();
        var response = await browser.PostFormAsync("/Culture",
            [new("culture", "en-GB"), new("returnUrl", returnUrl)], tokenFrom: "/Account/Login");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Only_Dutch_and_English_can_be_chosen_and_only_with_an_anti_forgery_token()
    {
        using var browser = app.Anonymous();
        var unsupported = await browser.PostFormAsync("/Culture",
            [new("culture", "de-DE"), new("returnUrl", "/")], tokenFrom: "/Account/Login");
        Assert.Equal(HttpStatusCode.BadRequest, unsupported.StatusCode);

        var forged = await browser.Client.PostAsync("/Culture",
            new FormUrlEncodedContent([new("culture", "en-GB"), new("returnUrl", "/")]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.False(forged.Headers.Contains("Set-Cookie") && forged.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith(".AspNetCore.Culture", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_signed_in_user_keeps_the_choice_on_the_account()
    {
        using var browser = await app.SignInAsync(DemoAccounts.TrekkerZuid);

        await SwitchLanguageAsync(browser, "/");
        Assert.Equal(UiCulture.English, await AccountCultureAsync(DemoAccounts.TrekkerZuid));

        await SwitchLanguageAsync(browser, "/");
        Assert.Equal(UiCulture.Dutch, await AccountCultureAsync(DemoAccounts.TrekkerZuid));
    }

    [Fact]
    public async Task The_language_stored_on_the_account_is_applied_at_sign_in_on_a_new_browser()
    {
        using (var first = await app.SignInAsync(DemoAccounts.TrekkerNoord))
        {
            await SwitchLanguageAsync(first, "/");
        }
        Assert.Equal(UiCulture.English, await AccountCultureAsync(DemoAccounts.TrekkerNoord));

        // A browser that has never seen this site: Dutch until the sign-in, English from then on.
        using var fresh = app.Anonymous();
        var (_, login) = await fresh.GetPageAsync("/Account/Login");
        Assert.Equal("nl", login.DocumentElement.GetAttribute("lang"));
        var signedIn = await fresh.SignInAsync(DemoAccounts.TrekkerNoord, CommitmentsWebFactory.Password);

        var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));
        Assert.Contains("c%3Den-GB%7Cuic%3Den-GB", cookie);
        Assert.Contains("max-age=31536000", cookie, StringComparison.OrdinalIgnoreCase);
        var (_, list) = await fresh.GetPageAsync("/Commitments");
        Assert.Equal("en", list.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Commitments", list.QuerySelector("h1")!.TextContent);

        await SwitchLanguageAsync(fresh, "/"); // back to Dutch, for the other tests of this class
    }

    [Fact]
    public async Task A_language_chosen_on_the_login_page_wins_over_the_stored_one_and_is_stored()
    {
        Assert.Equal(UiCulture.Dutch, await AccountCultureAsync(TrekkerOost));
        using var browser = app.Anonymous();
        await SwitchLanguageAsync(browser, "/Account/Login");

        var signedIn = await browser.SignInAsync(TrekkerOost, CommitmentsWebFactory.Password);

        Assert.DoesNotContain(signedIn.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [],
            c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));
        var (_, list) = await browser.GetPageAsync("/Commitments");
        Assert.Equal("en", list.DocumentElement.GetAttribute("lang"));
        Assert.Equal(UiCulture.English, await AccountCultureAsync(TrekkerOost));
        await SwitchLanguageAsync(browser, "/");
        Assert.Equal(UiCulture.Dutch, await AccountCultureAsync(TrekkerOost));
    }

    [Fact]
    public void Every_label_shown_for_a_status_health_organisation_type_or_decision_has_an_English_text()
    {
        using var scope = app.Services.CreateScope();
        var localizer = scope.ServiceProvider.GetRequiredService<IStringLocalizer<SharedResource>>();
        var dutchLabels = Enum.GetValues<CommitmentStatus>().Select(v => v.Label())
            .Concat(Enum.GetValues<ProgressHealth>().Select(v => v.Label()))
            .Concat(Enum.GetValues<OrganizationType>().Select(v => v.Label()))
            .Concat(Enum.GetValues<ProgressUpdateStatus>().Select(v => v.Label()))
            .Concat(Enum.GetValues<ReviewDecision>().Select(v => v.Label()))
            .Concat(["Landsdeel {0}", "Alle landsdelen"])
            .Distinct();

        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(UiCulture.English);
        try
        {
            Assert.All(dutchLabels, label =>
            {
                var english = localizer[label];
                Assert.False(english.ResourceNotFound, $"No English text for \"{label}\" in Resources/SharedResource.en.resx.");
                Assert.NotEqual(label, english.Value);
            });
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    /// <summary>
    /// Each view's texts are looked up by their Dutch text in Resources/&lt;view path&gt;.en.resx; a text
    /// missing there would silently stay Dutch on the English pages.
    /// </summary>
    [Fact]
    public void Every_text_a_view_localizes_has_an_English_resource()
    {
        var web = Path.Combine(RepositoryRoot(), "src", "Commitments.Web");
        var missing = new List<string>();
        var views = Directory.GetFiles(Path.Combine(web, "Pages"), "*.cshtml", SearchOption.AllDirectories);
        foreach (var view in views)
        {
            var keys = LocalizedText().Matches(File.ReadAllText(view)).Select(m => m.Groups[1].Value).Distinct().ToList();
            if (keys.Count == 0)
            {
                continue;
            }
            var relative = Path.GetRelativePath(web, view);
            // Resource names are compared without regard to case when the .resx is compiled: "Status"
            // and "status" would be one entry and one of the two texts would be lost.
            missing.AddRange(keys.GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
                .Select(g => $"{relative}: keys differing only in case: {string.Join(", ", g)}"));
            var resx = Path.Combine(web, "Resources", Path.ChangeExtension(relative, null) + ".en.resx");
            var english = File.Exists(resx)
                ? XDocument.Load(resx).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!)
                : [];
            missing.AddRange(keys.Where(k => !english.TryGetValue(k, out var v) || string.IsNullOrWhiteSpace(v)).Select(k => $"{relative}: \"{k}\""));
        }
        Assert.True(views.Length > 15, "the views were not found");
        Assert.Empty(missing);
    }

    [GeneratedRegex("""Localizer\["((?:[^"\\]|\\.)*)"\s*[,\]]""")]
    private static partial Regex LocalizedText();

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory != null && !File.Exists(Path.Combine(directory.FullName, "Commitments.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Commitments.sln not found above the test output.");
    }

    /// <summary>
    /// English, whatever the browser showed before: the account's stored language may already have
    /// made it English at sign-in, and the button toggles.
    /// </summary>
    private static async Task ChooseEnglishAsync(TestBrowser browser, string url)
    {
        var (_, page) = await browser.GetPageAsync(url);
        if (page.QuerySelector("form.language-switch input[name=culture]")!.GetAttribute("value") == UiCulture.English)
        {
            await SwitchLanguageAsync(browser, url);
        }
    }

    /// <summary>Presses the language button on the given page, as a browser would post its form.</summary>
    private static async Task<HttpResponseMessage> SwitchLanguageAsync(TestBrowser browser, string url)
    {
        var (_, page) = await browser.GetPageAsync(url);
        var form = (IHtmlFormElement)page.QuerySelector("form.language-switch")!;
        var fields = form.QuerySelectorAll("input[type=hidden]")
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""));
        return await browser.Client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(fields));
    }

    private static List<string> NavigationLinks(IHtmlDocument page) =>
        page.QuerySelectorAll("nav.main-nav a").Select(a => a.TextContent).ToList();

    private async Task<string> AccountCultureAsync(string email)
    {
        await using var db = app.CreateAdminDbContext();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Culture).SingleAsync();
    }
}
