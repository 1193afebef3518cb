using System.Text.RegularExpressions;
using Commitments.BrowserTests.Infrastructure;
using Commitments.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Commitments.BrowserTests;

/// <summary>
/// The commitment lifecycle end to end in a real browser, two people at work: a partner registers a
/// commitment with an indicator and submits it; the regional lead returns it with a comment; the partner
/// reads the comment, changes the commitment and submits again; the lead approves. axe-core checks every
/// page the two of them see on the way.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class LifecycleFlowTests(BrowserFixture browser)
{
    private static readonly PageGetByLabelOptions Exact = new() { Exact = true };
    private static readonly LocatorGetByLabelOptions InRow = new() { Exact = true };

    [SkippableFact]
    public async Task Register_submit_return_with_comment_change_resubmit_and_approve()
    {
        var title = $"Techniekweken Limburg {Guid.NewGuid().ToString("N")[..6]}";
        var partner = await browser.SignedInPageAsync(DemoAccounts.PartnerLimburg);

        // The partner registers a whole commitment in one form and submits it.
        await partner.GotoAsync("/Commitments/Create");
        await partner.GetByLabel("Titel", Exact).FillAsync(title);
        var indicator = partner.GetByRole(AriaRole.Group, new() { Name = "Indicator 1", Exact = true });
        await indicator.GetByLabel("Naam", InRow).FillAsync("leerlingen bereikt");
        await indicator.GetByLabel("Eenheid", InRow).FillAsync("aantal");
        await indicator.GetByLabel("Nulmeting", InRow).FillAsync("0");
        await indicator.GetByLabel("Doel", InRow).FillAsync("250");
        await indicator.GetByLabel("Doeldatum", InRow).FillAsync("2027-06-30");
        await partner.GetByLabel("Einddatum", Exact).FillAsync("2027-12-31");
        await partner.GetByLabel("Budget in euro's", Exact).FillAsync("7.500,00");
        await partner.GetByLabel("Kiezen voor techniek", Exact).CheckAsync();
        await partner.GetByRole(AriaRole.Button, new() { Name = "Opslaan en indienen", Exact = true }).ClickAsync();
        await Expect(partner).ToHaveURLAsync(DetailsUrl());
        await Expect(partner.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);
        await AxeAssert.NoViolationsAsync(partner, "the submitted commitment, as its partner sees it");
        var detailsUrl = partner.Url;

        // The lead of Zuid finds it in the queue and returns it with a comment.
        var lead = await browser.SignedInPageAsync(DemoAccounts.TrekkerZuid);
        await lead.GotoAsync("/Reviews");
        await AxeAssert.NoViolationsAsync(lead, "the review queue");
        await lead.GetByRole(AriaRole.Link, new() { Name = title, Exact = true }).ClickAsync();
        await Expect(lead.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(title);
        await AxeAssert.NoViolationsAsync(lead, "the review page");
        const string comment = "Noem per school hoeveel leerlingen \"bereikt\" betekent (≥ 1 les).";
        await lead.GetByLabel(new Regex("^Toelichting voor de partner")).FillAsync(comment);
        await lead.GetByRole(AriaRole.Button, new() { Name = "Terugsturen", Exact = true }).ClickAsync();
        await Expect(lead.GetByRole(AriaRole.Status).First).ToBeVisibleAsync();
        await AxeAssert.NoViolationsAsync(lead, "the page after returning a commitment");

        // The partner reads the comment exactly as typed, changes the commitment and submits it again.
        await partner.GotoAsync(detailsUrl);
        await Expect(partner.Locator("main")).ToContainTextAsync(comment);
        await Expect(partner.Locator("main")).ToContainTextAsync("Teruggestuurd");
        await AxeAssert.NoViolationsAsync(partner, "the returned commitment with the lead's comment");
        await partner.GetByRole(AriaRole.Link, new() { Name = "Wijzigen", Exact = true }).ClickAsync();
        await AxeAssert.NoViolationsAsync(partner, "the edit form of a returned commitment");
        await partner.GetByLabel("Omschrijving", Exact).FillAsync("Een leerling is bereikt na ten minste één techniekles.");
        await partner.GetByRole(AriaRole.Button, new() { Name = "Opslaan en indienen", Exact = true }).ClickAsync();
        await Expect(partner).ToHaveURLAsync(DetailsUrl());
        await Expect(partner.Locator("main")).ToContainTextAsync("Ingediend");

        // The lead approves; the partner sees it approved, and the history keeps every step.
        await lead.GotoAsync("/Reviews");
        await lead.GetByRole(AriaRole.Link, new() { Name = title, Exact = true }).ClickAsync();
        await lead.GetByRole(AriaRole.Button, new() { Name = "Goedkeuren", Exact = true }).ClickAsync();
        await Expect(lead.GetByRole(AriaRole.Status).First).ToBeVisibleAsync();

        await partner.GotoAsync(detailsUrl);
        await Expect(partner.Locator("main")).ToContainTextAsync("Goedgekeurd");
        await Expect(partner.Locator("main")).ToContainTextAsync(comment);
        await AxeAssert.NoViolationsAsync(partner, "the approved commitment with its history");
    }

    [GeneratedRegex(@"/Commitments/Details/\d+")]
    private static partial Regex DetailsUrl();
}
