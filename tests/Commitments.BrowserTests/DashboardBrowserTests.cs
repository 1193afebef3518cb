using Commitments.BrowserTests.Infrastructure;
using Commitments.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Commitments.BrowserTests;

/// <summary>
/// Each role's dashboard in a real browser, in Dutch and in English: axe-core finds no WCAG 2.1 A/AA
/// violation (the server-drawn charts included), the filters work as a plain form without script, and
/// a screenshot of every dashboard is kept as test output in <see cref="ArtifactsDirectory"/>.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardBrowserTests(BrowserFixture browser)
{
    public const string ArtifactsVariable = "COMMITMENTS_TEST_ARTIFACTS";

    /// <summary>Where screenshots go: $COMMITMENTS_TEST_ARTIFACTS/dashboards, else under the test's output folder.</summary>
    public static string ArtifactsDirectory =>
        Path.Combine(Environment.GetEnvironmentVariable(ArtifactsVariable) is { Length: > 0 } root
            ? root
            : Path.Combine(AppContext.BaseDirectory, "artifacts"), "dashboards");

    [SkippableTheory]
    [InlineData(DemoAccounts.Admin, "administrator", 6)]
    [InlineData(DemoAccounts.Ocw, "ministry", 6)]
    [InlineData(DemoAccounts.TrekkerNoord, "regional-lead", 6)]
    [InlineData(DemoAccounts.PartnerDrenthe, "partner", 1)]
    public async Task Each_roles_dashboard_meets_WCAG_21_AA_in_Dutch_and_English(string account, string role, int charts)
    {
        BrowserFixture.RequireChromium();
        var page = await browser.SignedInPageAsync(account);
        await page.GotoAsync("/");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Overzicht");
        // Every chart is an image with a name, and its numbers are in a table with a caption.
        var images = page.Locator("main svg[role=img]");
        await Expect(images).ToHaveCountAsync(charts);
        await Expect(page.Locator("main .chart-block table caption")).ToHaveCountAsync(charts);
        await AxeAssert.NoViolationsAsync(page, $"the {role}'s dashboard");
        await ScreenshotAsync(page, $"{role}-nl");

        await page.GetByRole(AriaRole.Button, new() { Name = "English", Exact = true }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Overview");
        await Expect(images).ToHaveCountAsync(charts);
        await AxeAssert.NoViolationsAsync(page, $"the {role}'s dashboard in English");
        await ScreenshotAsync(page, $"{role}-en");
    }

    [SkippableFact]
    public async Task The_ministry_filters_the_dashboard_with_a_plain_form_and_the_address_can_be_shared()
    {
        BrowserFixture.RequireChromium();
        var page = await browser.SignedInPageAsync(DemoAccounts.Ezk);
        await page.GotoAsync("/");

        await page.GetByLabel("Landsdeel", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Zuid" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Toon", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("landsdeel=zuid"));
        var regionRows = page.Locator("section[aria-labelledby=per-region] tbody th");
        await Expect(regionRows).ToHaveTextAsync(["Zuid"]);

        // The same address in a new tab of another user shows the same view.
        var other = await browser.SignedInPageAsync(DemoAccounts.Ocw);
        await other.GotoAsync(page.Url);
        await Expect(other.Locator("section[aria-labelledby=per-region] tbody th")).ToHaveTextAsync(["Zuid"]);
        await Expect(other.GetByLabel("Landsdeel", new() { Exact = true })).ToHaveValueAsync("zuid");
        await AxeAssert.NoViolationsAsync(other, "the filtered national dashboard");
    }

    [SkippableFact]
    public async Task The_dashboards_fit_320_css_pixels()
    {
        BrowserFixture.RequireChromium();
        foreach (var account in new[] { DemoAccounts.Ocw, DemoAccounts.PartnerDrenthe })
        {
            var page = await browser.SignedInPageAsync(account);
            await page.SetViewportSizeAsync(320, 640);
            await page.GotoAsync("/");
            await page.WaitForLoadStateAsync(LoadState.Load);
            var widths = await page.EvaluateAsync<int[]>(
                "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
            var (scrollWidth, clientWidth) = (widths[0], widths[1]);
            Assert.True(scrollWidth <= clientWidth, $"{account}'s dashboard is {scrollWidth} px wide at 320 px");
            await ScreenshotAsync(page, account.Split('@')[0] + "-320px");
        }
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ArtifactsDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsDirectory, $"dashboard-{name}.png"), FullPage = true });
    }
}
