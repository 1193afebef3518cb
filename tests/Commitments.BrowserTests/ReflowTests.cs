using Commitments.BrowserTests.Infrastructure;
using Commitments.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Commitments.BrowserTests;

/// <summary>
/// WCAG 1.4.10 (reflow): at 320 CSS pixels wide, what a phone or a 400 % zoom gives, no page needs
/// scrolling sideways. Wide data tables may scroll within their own box.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReflowTests(BrowserFixture browser)
{
    private static readonly ViewportSize Narrow = new() { Width = 320, Height = 640 };

    [SkippableFact]
    public async Task Pages_fit_320_css_pixels_without_scrolling_sideways()
    {
        var overflows = new List<string>();

        var anonymous = await browser.NewPageAsync();
        await anonymous.SetViewportSizeAsync(Narrow.Width, Narrow.Height);
        await CheckAsync(anonymous, "/Account/Login", overflows);

        var partner = await browser.SignedInPageAsync(DemoAccounts.PartnerDrenthe);
        await partner.SetViewportSizeAsync(Narrow.Width, Narrow.Height);
        foreach (var url in new[] { "/", "/Commitments", "/Commitments/Create" })
        {
            await CheckAsync(partner, url, overflows);
        }
        await partner.GotoAsync("/Commitments");
        var first = partner.Locator("table tbody a").First;
        var title = await first.InnerTextAsync();
        await first.ClickAsync();
        await Expect(partner.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(title);
        await CheckAsync(partner, null, overflows);

        var ministry = await browser.SignedInPageAsync(DemoAccounts.Ocw);
        await ministry.SetViewportSizeAsync(Narrow.Width, Narrow.Height);
        await CheckAsync(ministry, "/Reports", overflows);

        var admin = await browser.SignedInPageAsync(DemoAccounts.Admin);
        await admin.SetViewportSizeAsync(Narrow.Width, Narrow.Height);
        await CheckAsync(admin, "/Admin", overflows);

        Assert.True(overflows.Count == 0, "Pages wider than 320 px:\n" + string.Join("\n", overflows));
    }

    /// <summary>Notes the page when it scrolls sideways, with the outermost elements (or texts) that stick out.</summary>
    private static async Task CheckAsync(IPage page, string? url, List<string> overflows)
    {
        if (url != null)
        {
            await page.GotoAsync(url);
        }
        // Widths are only right once the stylesheet is applied.
        await page.WaitForLoadStateAsync(LoadState.Load);
        var result = await page.EvaluateAsync<string[]>(
            """
            () => {
              const width = document.documentElement.clientWidth;
              if (document.documentElement.scrollWidth <= width) return [];
              const describe = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
                [...e.classList].map(c => '.' + c).join('');
              const sticksOut = e => e.getBoundingClientRect().right > width + 1;
              // A block of text only (a heading with one long word) whose text runs out of its box.
              const textSticksOut = e => e.childElementCount === 0 && getComputedStyle(e).display !== 'inline' &&
                e.scrollWidth > e.clientWidth + 1;
              const out = [...document.body.querySelectorAll('*')].filter(e =>
                !e.closest('.table-scroll > *, select') &&
                ((sticksOut(e) && !(e.parentElement && sticksOut(e.parentElement))) || (!sticksOut(e) && textSticksOut(e))));
              return [`scrollWidth ${document.documentElement.scrollWidth}`, ...out.slice(0, 5).map(describe)];
            }
            """);
        if (result.Length > 0)
        {
            overflows.Add($"{new Uri(page.Url).PathAndQuery}: {string.Join(", ", result)}");
        }
    }
}
