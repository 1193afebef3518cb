using Commitments.BrowserTests.Infrastructure;
using Commitments.Tests.Infrastructure;

namespace Commitments.BrowserTests;

/// <summary>
/// The Hangfire dashboard may not be framed (X-Frame-Options and CSP frame-ancestors), and its own
/// scripts must still run under that policy: checked in a real browser, which enforces it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class JobDashboardTests(BrowserFixture browser)
{
    [SkippableFact]
    public async Task The_job_dashboard_draws_its_charts_without_policy_violations()
    {
        var page = await browser.SignedInPageAsync(DemoAccounts.Admin);
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            // Failed loads are reported with their address below; the browser's own favicon request is no problem.
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)
                || (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal)))
            {
                problems.Add(message.Text);
            }
        };
        page.PageError += (_, error) => problems.Add(error);
        page.Response += (_, r) =>
        {
            if (r.Status >= 400 && !r.Url.EndsWith("/favicon.ico", StringComparison.Ordinal))
            {
                problems.Add($"{r.Status} {r.Url}");
            }
        };

        var response = await page.GotoAsync("/beheer/taken");

        Assert.True(response!.Ok, $"/beheer/taken: {response.Status}");
        Assert.Equal("DENY", await response.HeaderValueAsync("x-frame-options"));
        Assert.Contains("frame-ancestors 'none'", await response.HeaderValueAsync("content-security-policy"));
        // The chart library marks the canvas it has drawn on: proof that the dashboard's script ran.
        await page.Locator("canvas#realtimeGraph.chartjs-render-monitor").WaitForAsync();
        Assert.Empty(problems);
    }
}
