using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using Commitments.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Security;

/// <summary>
/// The mailed reset link names the account by its opaque id, never by its address: the URL ends up in
/// proxy logs and browser history (ADR-0018). Whatever else arrives in the query — an old link with
/// <c>email=</c>, an unknown or malformed id, odd characters — gets the refusal of an expired link.
/// </summary>
public sealed partial class PasswordResetLinkTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private const string NewPassword = "Een-nieuw-wachtwoord-2019";
    private const string Refusal = "Deze link is verlopen of al gebruikt. Vraag een nieuwe aan. (This link has expired or was already used. Request a new one.)";

    [Fact]
    public async Task The_mailed_link_carries_the_account_id_and_the_code_and_no_address()
    {
        using var browser = app.Anonymous();
        await browser.PostFormAsync("/Account/ForgotPassword", ("Email", DemoAccounts.PartnerGroningen));

        await using var db = app.CreateAdminDbContext();
        var user = await db.Users.SingleAsync(u => u.Email == DemoAccounts.PartnerGroningen);
        var mail = await db.OutboxMessages.SingleAsync(m => m.To == DemoAccounts.PartnerGroningen);
        var link = new Uri(ResetLink().Match(mail.TextBody).Value);
        var query = QueryHelpers.ParseQuery(link.Query);

        Assert.Equal(["code", "userId"], query.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(user.Id, query["userId"].ToString());
        Assert.DoesNotContain("@", Uri.UnescapeDataString(link.Query));
        Assert.DoesNotContain("groningen", Uri.UnescapeDataString(link.Query), StringComparison.OrdinalIgnoreCase);
        // The page itself does not echo the address either.
        var (_, page) = await browser.GetPageAsync(link.PathAndQuery);
        Assert.DoesNotContain(DemoAccounts.PartnerGroningen, page.DocumentElement.OuterHtml, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_link_mailed_in_the_old_form_with_the_address_is_refused_as_expired_and_changes_nothing()
    {
        // A real code for a real account, in the query form used before the change.
        using var browser = app.Anonymous();
        await browser.PostFormAsync("/Account/ForgotPassword", ("Email", DemoAccounts.TrekkerZuid));
        string hashBefore, oldLink;
        await using (var db = app.CreateAdminDbContext())
        {
            var user = await db.Users.SingleAsync(u => u.Email == DemoAccounts.TrekkerZuid);
            hashBefore = user.PasswordHash!;
            var mail = await db.OutboxMessages.SingleAsync(m => m.To == DemoAccounts.TrekkerZuid);
            var code = QueryHelpers.ParseQuery(new Uri(ResetLink().Match(mail.TextBody).Value).Query)["code"].ToString();
            oldLink = $"/Account/ResetPassword?email={Uri.EscapeDataString(DemoAccounts.TrekkerZuid)}&code={code}";
        }

        var response = await browser.PostFormAsync(oldLink, ("Password", NewPassword), ("ConfirmPassword", NewPassword));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Refusal, ErrorText(await response.Content.ReadAsStringAsync()));
        await using (var db = app.CreateAdminDbContext())
        {
            Assert.Equal(hashBefore, (await db.Users.SingleAsync(u => u.Email == DemoAccounts.TrekkerZuid)).PasswordHash);
        }
    }

    [Theory]
    [InlineData("userId=00000000-0000-0000-0000-000000000000&code=Z2Vlbi1jb2Rl")] // unknown id
    [InlineData("userId=geen-guid&code=Z2Vlbi1jb2Rl")]                             // malformed id
    [InlineData("userId=%27%3B--%00%E2%80%AE%F0%9F%94%91&code=%25%25%25")]         // quote, NUL, RTL mark, emoji; a code that is no Base64
    [InlineData("userId=a&userId=b&code=x&code=y")]                                // repeated keys
    [InlineData("code=Z2Vlbi1jb2Rl")]                                              // no id
    [InlineData("userId=00000000-0000-0000-0000-000000000000")]                    // no code
    [InlineData("")]                                                               // nothing
    public async Task Any_other_query_gets_the_expired_link_refusal_and_no_server_error(string query)
    {
        using var browser = app.Anonymous();
        var url = "/Account/ResetPassword" + (query.Length > 0 ? "?" + query : "");

        var (get, _) = await browser.GetPageAsync(url);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        var response = await browser.PostFormAsync(url, ("Password", NewPassword), ("ConfirmPassword", NewPassword));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Refusal, ErrorText(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task A_very_long_id_is_refused_like_any_other()
    {
        using var browser = app.Anonymous();
        var url = "/Account/ResetPassword?userId=" + new string('x', 4000) + "&code=Z2Vlbi1jb2Rl";
        var response = await browser.PostFormAsync(url, ("Password", NewPassword), ("ConfirmPassword", NewPassword));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Refusal, ErrorText(await response.Content.ReadAsStringAsync()));
    }

    private static string ErrorText(string html) =>
        TestBrowser.Parse(html).QuerySelector(".error-summary li") is IHtmlElement item ? item.TextContent.Trim() : "(no error)";

    [GeneratedRegex(@"https?://\S+/Account/ResetPassword\S+")]
    private static partial Regex ResetLink();
}
