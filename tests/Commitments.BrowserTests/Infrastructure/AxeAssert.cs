using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Commitments.BrowserTests.Infrastructure;

/// <summary>Runs axe-core on the page as it is now, against the WCAG 2.1 A and AA rules.</summary>
public static class AxeAssert
{
    /// <summary>The rules of WCAG 2.0 and 2.1, levels A and AA: what government sites must meet.</summary>
    public static readonly string[] Wcag21AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    public static async Task NoViolationsAsync(IPage page, string description)
    {
        // Colour contrast and layout are judged on the rendered page: wait until its stylesheet and
        // images are in (the context's time-out, which allows for a busy machine).
        await page.WaitForLoadStateAsync(LoadState.Load);
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. Wcag21AA] },
        });
        if (result.Violations.Length > 0)
        {
            Assert.Fail(Describe(result.Violations, $"{description} ({page.Url})"));
        }
    }

    /// <summary>Rule, impact, what to do and where: enough for a developer to find and fix each one.</summary>
    public static string Describe(IEnumerable<AxeResultItem> violations, string where)
    {
        var text = new StringBuilder();
        var list = violations.ToList();
        text.AppendLine($"axe found {list.Count} WCAG 2.1 A/AA violation(s) on {where}:");
        foreach (var v in list)
        {
            text.AppendLine($"- {v.Id} [{v.Impact}]: {v.Help} ({v.HelpUrl})");
            foreach (var node in v.Nodes)
            {
                text.AppendLine($"    at {node.Target}");
                text.AppendLine($"       {node.Html}");
                Checks(text, "fix any of", node.Any);
                Checks(text, "fix all of", node.All);
                Checks(text, "must not", node.None);
            }
        }
        return text.ToString();
    }

    private static void Checks(StringBuilder text, string label, IEnumerable<AxeResultCheck>? checks)
    {
        var messages = (checks ?? []).Select(c => c.Message).Where(m => !string.IsNullOrWhiteSpace(m)).ToList();
        if (messages.Count > 0)
        {
            text.AppendLine($"       {label}: {string.Join("; ", messages).ReplaceLineEndings(" ")}");
        }
    }
}
