using System.Text.RegularExpressions;
using Commitments.BrowserTests.Infrastructure;
using Commitments.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Commitments.BrowserTests;

/// <summary>
/// The whole registration form in a real browser without any script of ours: search and add a
/// co-partner, add an indicator row, all by plain form posts; every state checked by axe-core.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class CommitmentFormBrowserTests(BrowserFixture browser)
{
    private static readonly PageGetByLabelOptions Exact = new() { Exact = true };
    private static readonly LocatorGetByLabelOptions InRow = new() { Exact = true };

    [SkippableFact]
    public async Task A_partner_registers_a_whole_commitment_in_one_form_and_every_step_meets_WCAG_21_AA()
    {
        var page = await browser.SignedInPageAsync(DemoAccounts.PartnerLimburg);
        await page.GotoAsync("/Commitments/Create");
        await AxeAssert.NoViolationsAsync(page, "the new-commitment form");
        await page.GetByLabel("Titel", Exact).FillAsync("Leerlingen ontdekken techniek");

        // Enter in the search field searches; it saves nothing and keeps what was typed.
        var search = page.GetByLabel("Co-partner zoeken", Exact);
        await search.FillAsync("brainport");
        await search.PressAsync("Enter");
        var results = page.Locator("#copartner-results");
        await Expect(results).ToContainTextAsync("Brainport Development");
        await Expect(results).ToBeFocusedAsync();
        await Expect(page.GetByLabel("Titel", Exact)).ToHaveValueAsync("Leerlingen ontdekken techniek");
        await AxeAssert.NoViolationsAsync(page, "the new-commitment form with search results");

        await results.GetByRole(AriaRole.Button, new() { Name = "Toevoegen Brainport Development", Exact = true }).ClickAsync();
        var share = page.GetByLabel("Aandeel van Brainport Development, in %", Exact);
        await Expect(share).ToBeFocusedAsync();
        await share.FillAsync("40");
        await page.GetByLabel("Aandeel van Techniekcollege Limburg (penvoerder), in %", Exact).FillAsync("60");

        var first = page.GetByRole(AriaRole.Group, new() { Name = "Indicator 1", Exact = true });
        await first.GetByLabel("Naam", InRow).FillAsync("leerlingen bereikt");
        await first.GetByLabel("Eenheid", InRow).FillAsync("aantal");
        await first.GetByLabel("Nulmeting", InRow).FillAsync("0");
        await first.GetByLabel("Doel", InRow).FillAsync("1.500");
        await first.GetByLabel("Doeldatum", InRow).FillAsync("2020-12-31");
        await page.GetByRole(AriaRole.Button, new() { Name = "Indicator toevoegen", Exact = true }).ClickAsync();
        var second = page.GetByRole(AriaRole.Group, new() { Name = "Indicator 2", Exact = true });
        await Expect(second.GetByLabel("Naam", InRow)).ToBeFocusedAsync();
        await Expect(first.GetByLabel("Doel", InRow)).ToHaveValueAsync("1.500");
        await second.GetByLabel("Naam", InRow).FillAsync("scholen");
        await second.GetByLabel("Eenheid", InRow).FillAsync("aantal");
        await second.GetByLabel("Nulmeting", InRow).FillAsync("4");
        await second.GetByLabel("Doel", InRow).FillAsync("12,5");
        await second.GetByLabel("Doeldatum", InRow).FillAsync("2020-06-30");

        await page.GetByLabel("Einddatum", Exact).FillAsync("2020-12-31");
        await page.GetByLabel("Budget in euro's", Exact).FillAsync("12.500,00");
        await page.GetByLabel("Kiezen voor techniek", Exact).CheckAsync();
        await AxeAssert.NoViolationsAsync(page, "the new-commitment form with two indicators and a co-partner");

        await page.GetByRole(AriaRole.Button, new() { Name = "Opslaan en indienen", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(DetailsUrl());
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("opgeslagen en ingediend");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Leerlingen ontdekken techniek");
    }

    [SkippableFact]
    public async Task Submitting_an_incomplete_commitment_lists_each_missing_field_linked_to_it()
    {
        var page = await browser.SignedInPageAsync(DemoAccounts.PartnerLimburg);
        await page.GotoAsync("/Commitments/Create");
        await page.GetByLabel("Titel", Exact).FillAsync("Nog niet compleet");
        await page.GetByRole(AriaRole.Button, new() { Name = "Opslaan en indienen", Exact = true }).ClickAsync();

        var summary = page.GetByRole(AriaRole.Alert);
        await Expect(summary).ToBeFocusedAsync();
        await Expect(summary).ToContainTextAsync("Vul de einddatum in.");
        await Expect(summary).ToContainTextAsync("Kies minstens één thema.");
        await Expect(summary).ToContainTextAsync("Voeg minstens één indicator toe");
        await summary.GetByRole(AriaRole.Link, new() { Name = "Vul de einddatum in." }).ClickAsync();
        await Expect(page.GetByLabel("Einddatum", Exact)).ToBeFocusedAsync();
        await AxeAssert.NoViolationsAsync(page, "the new-commitment form refused for submission");
    }

    [SkippableFact]
    public async Task The_edit_form_meets_WCAG_21_AA_in_English_and_after_a_stale_save()
    {
        var first = await browser.SignedInPageAsync(DemoAccounts.PartnerLimburg);
        await first.GotoAsync("/Commitments");
        await first.GetByRole(AriaRole.Link, new() { Name = "Open dagen techniek 2019 (concept)" }).ClickAsync();
        await first.GetByRole(AriaRole.Link, new() { Name = "Wijzigen", Exact = true }).ClickAsync();
        await Expect(first.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Toezegging wijzigen");
        var editUrl = first.Url;
        await AxeAssert.NoViolationsAsync(first, "the edit form");

        var second = await browser.SignedInPageAsync(DemoAccounts.PartnerLimburg);
        await second.GotoAsync(editUrl);
        await first.GetByLabel("Titel", Exact).FillAsync("Open dagen techniek 2019");
        await first.GetByRole(AriaRole.Button, new() { Name = "Wijzigingen opslaan", Exact = true }).ClickAsync();
        await Expect(first).ToHaveURLAsync(DetailsUrl());

        await second.GetByLabel("Budget in euro's", Exact).FillAsync("2.000");
        await second.GetByRole(AriaRole.Button, new() { Name = "Wijzigingen opslaan", Exact = true }).ClickAsync();
        await Expect(second.GetByRole(AriaRole.Alert)).ToContainTextAsync("Iemand anders heeft deze toezegging intussen gewijzigd.");
        await Expect(second.Locator(".changed-meanwhile")).ToContainTextAsync("Open dagen techniek 2019");
        await Expect(second.GetByLabel("Budget in euro's", Exact)).ToHaveValueAsync("2.000");
        await AxeAssert.NoViolationsAsync(second, "the edit form after a stale save");

        await second.GetByRole(AriaRole.Button, new() { Name = "English", Exact = true }).ClickAsync();
        await second.GotoAsync(editUrl);
        await Expect(second.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Change commitment");
        await AxeAssert.NoViolationsAsync(second, "the edit form in English");
        // The choice is kept on the account: back to Dutch for the other tests that sign in as Limburg.
        await second.GetByRole(AriaRole.Button, new() { Name = "Nederlands", Exact = true }).ClickAsync();
        await Expect(second.Locator("html")).ToHaveAttributeAsync("lang", "nl");
    }

    [GeneratedRegex(@"/Commitments/Details/\d+$")]
    private static partial Regex DetailsUrl();
}
