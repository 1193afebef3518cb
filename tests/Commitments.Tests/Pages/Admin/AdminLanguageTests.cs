using AngleSharp.Html.Dom;
using Commitments.Tests.Infrastructure;
using static Commitments.Tests.Pages.Admin.AdminTestSupport;

namespace Commitments.Tests.Pages.Admin;

/// <summary>The administration pages in English, with the data (names, dates) as entered.</summary>
public sealed class AdminLanguageTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private static async Task SwitchToEnglishAsync(TestBrowser browser)
    {
        var (_, page) = await browser.GetPageAsync("/");
        var form = (IHtmlFormElement)page.QuerySelector("form.language-switch")!;
        if (form.QuerySelector("input[name=culture]")!.GetAttribute("value") != "en-GB")
        {
            return; // already English: the account's stored language was applied at sign-in
        }
        var fields = form.QuerySelectorAll("input[type=hidden]")
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""));
        await browser.Client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(fields));
    }

    [Theory]
    [InlineData("/Admin", "Administration", "Reporting years")]
    [InlineData("/Admin/Cycles", "Reporting years", "First reminder (days before)")]
    [InlineData("/Admin/Cycles/Edit", "New reporting year", "Themes of this year")]
    [InlineData("/Admin/Themes", "Themes", "New theme")]
    [InlineData("/Admin/Themes/Edit", "New theme", "Themes with a lower number come first")]
    [InlineData("/Admin/Organizations", "Organisations", "Search by name or KvK number")]
    [InlineData("/Admin/Organizations/Edit", "New organisation", "Optional; exactly 8 digits")]
    [InlineData("/Admin/Users", "Users", "Search by e-mail address, name or organisation")]
    [InlineData("/Admin/Invitations", "Open invitations", "open invitation(s)")]
    public async Task Administration_pages_are_English_after_switching(string url, string heading, string text)
    {
        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        await SwitchToEnglishAsync(admin);

        var (_, page) = await admin.GetPageAsync(url);

        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal(heading, page.QuerySelector("h1")!.TextContent);
        Assert.Contains(text, page.QuerySelector("main")!.TextContent);
    }

    [Fact]
    public async Task An_account_page_and_a_refused_form_are_English_with_the_message_in_English()
    {
        var (partner, _) = await AccountAsync(app, DemoAccounts.PartnerLimburg);
        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        await SwitchToEnglishAsync(admin);

        var (_, account) = await admin.GetPageAsync($"/Admin/Users/Edit/{partner.Id}");
        Assert.Equal($"Account {DemoAccounts.PartnerLimburg}", account.QuerySelector("h1")!.TextContent);
        Assert.Contains("Regional lead", account.QuerySelector("fieldset")!.TextContent);
        Assert.Contains(DemoAccounts.LimburgSchool, account.QuerySelector("dl.facts")!.TextContent);

        var refused = await admin.PostFormAsync("/Admin/Themes/Edit", ("Form.Name", ""), ("Form.SortOrder", "x"));
        var errors = await RefusedAsync(refused);
        Assert.Contains("Please check the form", errors);
        Assert.Contains("Give the theme a name.", errors);
        Assert.DoesNotContain("Geef het thema een naam", errors);
    }
}
