using Commitments.BrowserTests.Infrastructure;
using Commitments.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Commitments.BrowserTests;

/// <summary>Someone who cannot use a mouse gets past the header and signs in with the keyboard alone.</summary>
[Collection(BrowserCollection.Name)]
public sealed class KeyboardTests(BrowserFixture browser)
{
    [SkippableFact]
    public async Task Skip_link_comes_first_and_moves_focus_to_the_content_and_sign_in_works_by_keyboard()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/Login");

        await page.Keyboard.PressAsync("Tab");
        var skipLink = page.GetByRole(AriaRole.Link, new() { Name = "Naar de inhoud", Exact = true });
        await Expect(skipLink).ToBeFocusedAsync();
        await Expect(skipLink).ToBeInViewportAsync(); // visible while it has focus

        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("main#inhoud")).ToBeFocusedAsync();

        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByLabel("E-mailadres", new() { Exact = true })).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(DemoAccounts.PartnerDrenthe);
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByLabel("Wachtwoord", new() { Exact = true })).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(CommitmentsWebFactory.Password);
        await page.Keyboard.PressAsync("Enter");

        // What the user waits for: the overview, with the header saying who is signed in.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Overzicht");
        await Expect(page.Locator(".signed-in")).ToContainTextAsync(DemoAccounts.PartnerDrenthe);
    }
}
