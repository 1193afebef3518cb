using Commitments.BrowserTests.Infrastructure;
using Commitments.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Commitments.BrowserTests;

/// <summary>The regional lead's pages, checked by axe-core against WCAG 2.1 A and AA in a real browser.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReviewPagesAccessibilityTests(BrowserFixture browser)
{
    [SkippableTheory]
    [InlineData(DemoAccounts.TrekkerNoord, "/Reviews", "the lead's review queue")]
    [InlineData(DemoAccounts.TrekkerNoord, "/Regions/Overview", "the lead's region overview")]
    [InlineData(DemoAccounts.Ocw, "/Regions/Overview?regio=zuid", "the ministry's region overview")]
    public async Task Page_meets_WCAG_21_AA(string account, string url, string description)
    {
        BrowserFixture.RequireChromium();
        var page = await browser.SignedInPageAsync(account);
        var response = await page.GotoAsync(url);
        Assert.True(response!.Ok, $"{url}: {response.Status}");
        await AxeAssert.NoViolationsAsync(page, description);
    }

    [SkippableFact]
    public async Task The_review_page_of_a_revision_and_its_refused_return_meet_WCAG_21_AA()
    {
        var page = await browser.SignedInPageAsync(DemoAccounts.TrekkerNoord);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Hoofdmenu" }).GetByRole(AriaRole.Link, new() { Name = "Te beoordelen" }).ClickAsync();
        var revision = page.Locator("tbody tr", new() { Has = page.Locator(".revision") }).GetByRole(AriaRole.Link);
        var title = await revision.InnerTextAsync();
        await revision.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);
        await Expect(page.Locator("table.changes")).ToBeVisibleAsync();
        await AxeAssert.NoViolationsAsync(page, "the review page of a revision");

        // Returning without a comment is refused: the error summary has the focus and links to the field.
        await page.GetByRole(AriaRole.Button, new() { Name = "Terugsturen" }).ClickAsync();
        var summary = page.GetByRole(AriaRole.Alert);
        await Expect(summary).ToContainTextAsync("Schrijf bij het terugsturen wat de partner moet aanpassen.");
        await Expect(summary).ToBeFocusedAsync();
        await Expect(page.GetByLabel("Toelichting voor de partner")).ToHaveAttributeAsync("aria-invalid", "true");
        await AxeAssert.NoViolationsAsync(page, "the review page with a refused return");
    }
}
