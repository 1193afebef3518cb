using System.Text.RegularExpressions;
using Commitments.BrowserTests.Infrastructure;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Commitments.Web.Progress;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Commitments.BrowserTests;

/// <summary>
/// Progress reporting in a real browser, checked by axe-core on every page on the way: the partner
/// files an update with a file, the regional lead sees who has not reported yet and approves it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ProgressFlowTests(BrowserFixture browser)
{
    [SkippableFact]
    public async Task Partner_files_an_update_with_evidence_and_the_regional_lead_approves_it()
    {
        BrowserFixture.RequireChromium();
        var (commitmentId, indicators) = await ApprovedCommitmentWithoutUpdateAsync(DemoAccounts.Drenthe);
        var partner = await browser.SignedInPageAsync(DemoAccounts.PartnerDrenthe);
        await partner.GotoAsync($"/Progress/Update/{commitmentId}");
        await Expect(partner.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(StartsWithVoortgang());
        await AxeAssert.NoViolationsAsync(partner, "the progress form");

        await partner.GetByRole(AriaRole.Button, new() { Name = "Indienen" }).ClickAsync();
        var summary = partner.GetByRole(AriaRole.Alert);
        await Expect(summary).ToBeFocusedAsync();
        await Expect(summary).ToContainTextAsync("Kies een status");
        await AxeAssert.NoViolationsAsync(partner, "the progress form with errors");

        foreach (var name in indicators)
        {
            await partner.GetByLabel(name, new() { Exact = false }).FillAsync("12,5");
        }
        await partner.GetByLabel("Risico", new() { Exact = true }).CheckAsync();
        await partner.GetByLabel("Toelichting", new() { Exact = false }).FillAsync("Minder aanmeldingen dan verwacht; extra werving gestart.");
        await partner.GetByLabel("Bestand", new() { Exact = false }).SetInputFilesAsync(new FilePayload
        {
            Name = "verslag 2018.pdf",
            MimeType = "application/pdf",
            Buffer = "%PDF-1.4\n%%EOF\n"u8.ToArray(),
        });
        await partner.GetByRole(AriaRole.Button, new() { Name = "Indienen" }).ClickAsync();
        await Expect(partner.GetByRole(AriaRole.Status).First).ToContainTextAsync("ingediend");
        await Expect(partner.GetByRole(AriaRole.Link, new() { Name = "verslag 2018.pdf" })).ToBeVisibleAsync();
        await AxeAssert.NoViolationsAsync(partner, "a submitted progress update");

        var lead = await browser.SignedInPageAsync(DemoAccounts.TrekkerNoord);
        await lead.GotoAsync("/Progress/NotReported");
        await Expect(lead.Locator($"tr[data-commitment='{commitmentId}'] .state")).ToHaveTextAsync("Ingediend");
        await AxeAssert.NoViolationsAsync(lead, "who has not reported yet");

        await lead.GotoAsync($"/Progress/Update/{commitmentId}");
        await lead.GetByRole(AriaRole.Link, new() { Name = "Beoordelen", Exact = true }).ClickAsync();
        await Expect(lead.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(ReviewHeading());
        await AxeAssert.NoViolationsAsync(lead, "the review of a progress update");
        await lead.GetByRole(AriaRole.Button, new() { Name = "Goedkeuren" }).ClickAsync();
        await Expect(lead.GetByRole(AriaRole.Status).First).ToContainTextAsync("goedgekeurd");

        await lead.GotoAsync($"/Progress/History/{commitmentId}");
        await Expect(lead.Locator("table").First).ToContainTextAsync("12,5");
        await AxeAssert.NoViolationsAsync(lead, "indicator values across the years");
    }

    /// <summary>An approved commitment of the organisation with no update in the open cycle yet, and its indicator names.</summary>
    private async Task<(int Id, List<string> Indicators)> ApprovedCommitmentWithoutUpdateAsync(string organization)
    {
        await using var db = browser.App.CreateAdminDbContext();
        var cycle = await ProgressReporting.OpenCycleAsync(db, browser.App.Time, CancellationToken.None)
                    ?? throw new InvalidOperationException("The demo data has no open reporting cycle.");
        var commitment = await db.Commitments
            .Where(c => c.Organization!.Name == organization && c.Status == CommitmentStatus.Approved && c.Indicators.Any())
            .Where(c => !c.ProgressUpdates.Any(u => u.ReportingCycleId == cycle.Id))
            .OrderBy(c => c.Id)
            .Select(c => new { c.Id, Indicators = c.Indicators.OrderBy(i => i.SortOrder).Select(i => i.Name).ToList() })
            .FirstAsync();
        return (commitment.Id, commitment.Indicators);
    }

    [GeneratedRegex(@"^Voortgang \d{4}$")]
    private static partial Regex StartsWithVoortgang();

    [GeneratedRegex(@"^Voortgang \d{4} beoordelen$")]
    private static partial Regex ReviewHeading();
}
