using System.Text.RegularExpressions;
using Commitments.BrowserTests.Infrastructure;
using Commitments.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Commitments.BrowserTests;

/// <summary>What a partner types is what the partner sees back, in a real browser.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class CommitmentFlowTests(BrowserFixture browser)
{
    [SkippableFact]
    public async Task Partner_creates_a_commitment_and_its_page_shows_title_and_budget_as_typed()
    {
        var page = await browser.SignedInPageAsync(DemoAccounts.PartnerDrenthe);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Hoofdmenu" })
            .GetByRole(AriaRole.Link, new() { Name = "Nieuwe toezegging" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Nieuwe toezegging");

        await page.GetByLabel("Titel", new() { Exact = true }).FillAsync("3/4 van de leerlingen");
        await page.GetByLabel("Budget in euro's").FillAsync("1.234,56");
        await page.GetByRole(AriaRole.Button, new() { Name = "Opslaan als concept" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(DetailsUrl());
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("opgeslagen als concept");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("3/4 van de leerlingen");
        await Expect(page).ToHaveTitleAsync(TitleOfNewCommitment());
        var budget = await page.Locator("dl.facts dt:text-is('Budget') + dd").InnerTextAsync();
        Assert.Equal("€ 1.234,56", NormaliseSpaces(budget));
    }

    /// <summary>Dutch amounts are written with a non-breaking space after the euro sign.</summary>
    private static string NormaliseSpaces(string text) => text.Replace('\u00A0', ' ').Replace('\u202F', ' ').Trim();

    [GeneratedRegex(@"/Commitments/Details/\d+$")]
    private static partial Regex DetailsUrl();

    [GeneratedRegex(@"^3/4 van de leerlingen –")]
    private static partial Regex TitleOfNewCommitment();
}
