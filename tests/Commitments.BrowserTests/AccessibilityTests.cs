using Commitments.BrowserTests.Infrastructure;
using Commitments.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Commitments.BrowserTests;

/// <summary>
/// The pages each role works with, checked by axe-core in a real browser against WCAG 2.1 A and AA
/// (what the styles and markup render, colour contrast included).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture browser)
{
    [SkippableFact]
    public async Task Login_page_meets_WCAG_21_AA()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await AxeAssert.NoViolationsAsync(page, "the login page");
    }

    [SkippableTheory]
    [InlineData(DemoAccounts.PartnerDrenthe, "/", "the partner's overview")]
    [InlineData(DemoAccounts.Ocw, "/", "the ministry's dashboard")]
    [InlineData(DemoAccounts.TrekkerZuid, "/", "the regional lead's dashboard")]
    [InlineData(DemoAccounts.Admin, "/?jaar=2018&landsdeel=noord", "the administrator's filtered dashboard")]
    [InlineData(DemoAccounts.PartnerDrenthe, "/Commitments", "the partner's commitments list")]
    [InlineData(DemoAccounts.PartnerDrenthe, "/Commitments/Create", "the new-commitment form")]
    [InlineData(DemoAccounts.Ocw, "/Reports", "the ministry's reports page")]
    [InlineData(DemoAccounts.Admin, "/Admin", "the administration page")]
    [InlineData(DemoAccounts.TrekkerZuid, "/Account/Password", "the change-password form")]
    public async Task Page_meets_WCAG_21_AA(string account, string url, string description)
    {
        BrowserFixture.RequireChromium();
        var page = await browser.SignedInPageAsync(account);
        var response = await page.GotoAsync(url);
        Assert.True(response!.Ok, $"{url}: {response.Status}");
        await AxeAssert.NoViolationsAsync(page, description);
    }

    [SkippableFact]
    public async Task English_commitments_list_meets_WCAG_21_AA()
    {
        var page = await browser.SignedInPageAsync(DemoAccounts.PartnerDrenthe);
        await page.GotoAsync("/Commitments");

        // The language switch is an ordinary button in the header: no script needed.
        await page.GetByRole(AriaRole.Button, new() { Name = "English", Exact = true }).ClickAsync();

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Commitments");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Nederlands", Exact = true })).ToHaveAttributeAsync("lang", "nl");
        await AxeAssert.NoViolationsAsync(page, "the partner's commitments list in English");
    }

    [SkippableFact]
    public async Task Commitment_details_meet_WCAG_21_AA()
    {
        var page = await browser.SignedInPageAsync(DemoAccounts.PartnerDrenthe);
        await page.GotoAsync("/Commitments");
        var first = page.Locator("table tbody a").First;
        var title = await first.InnerTextAsync();
        await first.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);
        await AxeAssert.NoViolationsAsync(page, "a commitment's details page");
    }

    [SkippableFact]
    public async Task New_commitment_form_submitted_empty_shows_a_focusable_error_summary_and_meets_WCAG_21_AA()
    {
        var page = await browser.SignedInPageAsync(DemoAccounts.PartnerDrenthe);
        await page.GotoAsync("/Commitments/Create");
        await page.GetByRole(AriaRole.Button, new() { Name = "Opslaan als concept" }).ClickAsync();

        // The summary is announced and has the focus, so the user starts at what to fix.
        var summary = page.GetByRole(AriaRole.Alert);
        await Expect(summary).ToBeVisibleAsync();
        await Expect(summary).ToContainTextAsync("Geef de toezegging een titel.");
        await Expect(summary).ToBeFocusedAsync();

        // Each error links to its field, and following the link puts the cursor there.
        var title = page.GetByLabel("Titel", new() { Exact = true });
        await Expect(title).ToHaveAttributeAsync("aria-invalid", "true");
        await summary.GetByRole(AriaRole.Link, new() { Name = "Geef de toezegging een titel." }).ClickAsync();
        await Expect(title).ToBeFocusedAsync();

        await AxeAssert.NoViolationsAsync(page, "the new-commitment form with errors");
    }

    /// <summary>Guards the check itself: a page with known faults must fail, naming rule, impact and element.</summary>
    [SkippableFact]
    public async Task The_axe_check_reports_rule_impact_and_selector_of_each_violation()
    {
        var page = await browser.NewPageAsync();
        await page.SetContentAsync("<html lang=\"nl\"><head><title>Proef</title></head><body><main><img id=\"logo\" src=\"logo.png\"></main></body></html>");

        var failure = await Assert.ThrowsAnyAsync<Xunit.Sdk.XunitException>(() => AxeAssert.NoViolationsAsync(page, "a page with an image without text"));

        Assert.Contains("image-alt [critical]", failure.Message);
        Assert.Contains("#logo", failure.Message);
    }
}
