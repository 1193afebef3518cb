using Commitments.BrowserTests.Infrastructure;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Commitments.BrowserTests;

/// <summary>
/// The administration pages, checked by axe-core against WCAG 2.1 A and AA, and used as an
/// administrator would: from the administration page to a list, a form, an error, a search step.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminAccessibilityTests(BrowserFixture browser)
{
    [SkippableTheory]
    [InlineData("/Admin/Cycles", "the list of reporting years")]
    [InlineData("/Admin/Cycles/Edit", "the new reporting year form")]
    [InlineData("/Admin/Themes", "the list of themes")]
    [InlineData("/Admin/Themes/Edit", "the new theme form")]
    [InlineData("/Admin/Organizations", "the list of organisations")]
    [InlineData("/Admin/Organizations/Edit", "the new organisation form")]
    [InlineData("/Admin/Users", "the list of users")]
    [InlineData("/Admin/Invitations", "the list of open invitations")]
    public async Task Administration_page_meets_WCAG_21_AA(string url, string description)
    {
        BrowserFixture.RequireChromium();
        var page = await browser.SignedInPageAsync(DemoAccounts.Admin);
        var response = await page.GotoAsync(url);
        Assert.True(response!.Ok, $"{url}: {response.Status}");
        await AxeAssert.NoViolationsAsync(page, description);
    }

    [SkippableFact]
    public async Task The_list_of_reporting_years_with_a_freeze_under_way_and_a_failed_one_meets_WCAG_21_AA()
    {
        BrowserFixture.RequireChromium();
        var app = browser.App;
        var now = app.Time.GetUtcNow().UtcDateTime;
        List<int> runs;
        await using (var db = app.CreateAdminDbContext())
        {
            // Two open years: one with its freeze queued, one whose freeze failed (removed again below:
            // a freeze under way holds its year's data for the other tests of the collection).
            var years = await db.ReportingCycles.Where(c => c.FrozenAt == null).OrderByDescending(c => c.Year).Take(2).Select(c => c.Id).ToListAsync();
            var admin = await db.Users.Where(u => u.Email == DemoAccounts.Admin).Select(u => u.Id).SingleAsync();
            var added = new[]
            {
                new ReportRun { RequestedByUserId = admin, RequestedByName = DemoAccounts.Admin, ReportingCycleId = years[0], Scope = ReportRunScope.Freeze,
                    State = ReportRunState.Queued, RequestedAt = now },
                new ReportRun { RequestedByUserId = admin, RequestedByName = DemoAccounts.Admin, ReportingCycleId = years[1], Scope = ReportRunScope.Freeze,
                    State = ReportRunState.Failed, RequestedAt = now, FinishedAt = now, Error = Web.FrozenReports.CycleFreezeJob.Failed },
            };
            db.ReportRuns.AddRange(added);
            await db.SaveChangesAsync();
            runs = added.Select(r => r.Id).ToList();
        }
        try
        {
            var page = await browser.SignedInPageAsync(DemoAccounts.Admin);
            await page.GotoAsync("/Admin/Cycles");
            await Expect(page.Locator("main tbody")).ToContainTextAsync("Wordt bevroren");
            await Expect(page.Locator("main tbody")).ToContainTextAsync("Bevriezen mislukt");
            await AxeAssert.NoViolationsAsync(page, "the list of reporting years with a freeze under way and a failed one");
        }
        finally
        {
            await using var db = app.CreateAdminDbContext();
            await db.ReportRuns.Where(r => runs.Contains(r.Id)).ExecuteDeleteAsync();
        }
    }

    [SkippableFact]
    public async Task An_organisation_with_a_wrong_KvK_number_shows_the_error_at_the_field_and_meets_WCAG_21_AA()
    {
        var page = await browser.SignedInPageAsync(DemoAccounts.Admin);
        await page.GotoAsync("/Admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Organisaties", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Provincie Drenthe", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Organisatie Provincie Drenthe");
        await AxeAssert.NoViolationsAsync(page, "an organisation's page");

        await page.GetByLabel("KvK-nummer").FillAsync("1234567");
        await page.GetByRole(AriaRole.Button, new() { Name = "Opslaan", Exact = true }).ClickAsync();

        var summary = page.GetByRole(AriaRole.Alert);
        await Expect(summary).ToContainTextAsync("Een KvK-nummer bestaat uit precies 8 cijfers");
        await Expect(summary).ToBeFocusedAsync();
        await Expect(page.GetByLabel("KvK-nummer")).ToHaveAttributeAsync("aria-invalid", "true");
        await AxeAssert.NoViolationsAsync(page, "an organisation form with an error");
    }

    [SkippableFact]
    public async Task An_account_page_with_the_organisation_search_step_meets_WCAG_21_AA()
    {
        var page = await browser.SignedInPageAsync(DemoAccounts.Admin);
        await page.GotoAsync("/Admin/Users?zoek=partner.limburg");
        await page.GetByRole(AriaRole.Link, new() { Name = DemoAccounts.PartnerLimburg, Exact = true }).ClickAsync();
        await AxeAssert.NoViolationsAsync(page, "an account's page");

        await page.GetByLabel("Organisatie zoeken").FillAsync("Brainport");
        await page.GetByRole(AriaRole.Button, new() { Name = "Zoeken", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("1 organisatie(s) gevonden.");
        await Expect(page.Locator("#Form_OrganizationId option")).ToContainTextAsync(["–", "Brainport Development", DemoAccounts.LimburgSchool]);
        await AxeAssert.NoViolationsAsync(page, "an account's page after an organisation search");
    }
    [SkippableFact]
    public async Task The_confirmation_step_of_a_two_step_verification_reset_meets_WCAG_21_AA()
    {
        // Up to the confirmation only: the account keeps its two-step verification.
        await TwoFactorCodes.EnrolIfRequiredAsync(browser.App.Services, DemoAccounts.Ezk);
        var page = await browser.SignedInPageAsync(DemoAccounts.Admin);
        await page.GotoAsync("/Admin/Users?zoek=ezk@");
        await page.GetByRole(AriaRole.Link, new() { Name = DemoAccounts.Ezk, Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Tweestapsverificatie herstellen", Exact = true }).ClickAsync();

        await Expect(page.Locator("#two-factor-reset")).ToContainTextAsync($"Weet u zeker dat u de tweestapsverificatie van {DemoAccounts.Ezk} wilt herstellen?");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Ja, tweestapsverificatie herstellen", Exact = true })).ToBeVisibleAsync();
        await AxeAssert.NoViolationsAsync(page, "the confirmation of a two-step verification reset");
    }
}
