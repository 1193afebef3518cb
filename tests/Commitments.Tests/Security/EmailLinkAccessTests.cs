using System.Text.RegularExpressions;
using Commitments.Core.Tenancy;
using Commitments.Tests.Infrastructure;
using Commitments.Web.Reminders;
using Commitments.Web.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Commitments.Tests.Security;

/// <summary>
/// The e-mail side of the route × role matrix: every link in every message the application sends
/// (reminders, an invitation, a password reset, a lifecycle notice) opens for its recipient, signed in
/// as that recipient; a recipient without an account gets only a page that needs no account (the
/// invitation, the reset form) or the sign-in page, never content.
/// </summary>
public sealed partial class EmailLinkAccessTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    [Fact]
    public async Task Every_link_in_every_message_opens_for_its_recipient_and_shows_nothing_to_others()
    {
        // Messages of every kind: the day's reminders (the 2018 cycle is due today), an invitation from
        // partner A, a password reset for partner B, and the review notice partner A's co-partner gets.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<ProgressReminderJob>().RunAsync(CancellationToken.None) > 0);
        }
        using (var partner = await app.SignInAsync(DemoAccounts.PartnerDrenthe))
        {
            await partner.PostFormAsync("/Invitations/Create", ("Email", "collega@drenthe.test"));
        }
        using (var anonymous = app.Anonymous())
        {
            await anonymous.PostFormAsync("/Account/ForgotPassword", ("Email", DemoAccounts.PartnerLimburg));
        }

        await using var db = app.CreateAdminDbContext();
        var messages = await db.OutboxMessages.AsNoTracking().ToListAsync();
        Assert.Contains(messages, m => m.To == "collega@drenthe.test");
        Assert.Contains(messages, m => m.To == DemoAccounts.PartnerLimburg);
        var accounts = await db.Users.Select(u => u.Email!).ToListAsync();

        var browsers = new Dictionary<string, TestBrowser>();
        var problems = new List<string>();
        var opened = 0;
        try
        {
            foreach (var message in messages)
            {
                var links = Links().Matches(message.TextBody + " " + message.HtmlBody).Select(m => m.Value.TrimEnd('.', ',', ')')).Distinct().ToList();
                foreach (var link in links)
                {
                    if (!link.StartsWith(CommitmentsWebFactory.PublicBaseUrl + "/", StringComparison.Ordinal))
                    {
                        problems.Add($"{message.Subject} to {message.To}: a link to another site: {link}");
                        continue;
                    }
                    var path = link[CommitmentsWebFactory.PublicBaseUrl.Length..];
                    var hasAccount = accounts.Contains(message.To, StringComparer.OrdinalIgnoreCase);
                    if (!browsers.TryGetValue(hasAccount ? message.To : "", out var browser))
                    {
                        browser = hasAccount ? await app.SignInAsync(message.To) : app.Anonymous();
                        browsers[hasAccount ? message.To : ""] = browser;
                    }
                    var response = await browser.GetAsync(path);
                    opened++;
                    var status = (int)response.StatusCode;
                    var refused = status is 403 or 404 || TestBrowser.IsAccessDenied(response) || status >= 400;
                    if (hasAccount && (refused || TestBrowser.IsRedirectToLogin(response)))
                    {
                        problems.Add($"{message.Subject} to {message.To}: {path} answers {status} {response.Headers.Location}");
                    }
                    if (!hasAccount && status >= 400)
                    {
                        problems.Add($"{message.Subject} to {message.To} (no account): {path} answers {status}");
                    }
                    // Without an account: only pages that need none, or the way to sign in.
                    if (!hasAccount && status == 200 && !path.StartsWith("/Account/", StringComparison.Ordinal))
                    {
                        problems.Add($"{message.Subject} to {message.To} (no account): {path} shows a page without signing in");
                    }
                }
            }
        }
        finally
        {
            foreach (var browser in browsers.Values)
            {
                browser.Dispose();
            }
        }

        Assert.True(opened >= messages.Count, $"{opened} links in {messages.Count} messages");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [GeneratedRegex(@"https?://[^\s""'<>]+")]
    private static partial Regex Links();
}
