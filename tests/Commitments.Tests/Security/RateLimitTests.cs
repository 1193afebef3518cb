using System.Net;
using Commitments.Core.Identity;
using Commitments.Tests.Infrastructure;
using Commitments.Tests.Pages.Account;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Security;

/// <summary>
/// Sign-in, forgotten password, password reset and invitation acceptance refuse a flood of posts,
/// per account and per client address, with 429, Retry-After and a page that says how long to wait.
/// Every test uses its own accounts and addresses: the limits are counted for the whole application.
/// </summary>
public sealed class RateLimitTests(SecurityWebFactory app) : IClassFixture<SecurityWebFactory>
{
    [Fact]
    public async Task Sign_ins_for_one_account_are_limited_and_the_answer_says_how_long_to_wait()
    {
        using var browser = app.AnonymousFrom("192.0.2.10");
        for (var i = 0; i < SecurityWebFactory.SignInsPerAccount; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.SignInAsync(DemoAccounts.Ezk, "geen-idee-meer-" + i)).StatusCode);
        }

        // Typed differently, from another computer: still the same account.
        using var elsewhere = app.AnonymousFrom("198.51.100.7");
        var refused = await elsewhere.SignInAsync("  EZK@Techniekpact.test ", CommitmentsWebFactory.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(15), refused.Headers.RetryAfter?.Delta);
        var page = TestBrowser.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("Te veel pogingen", page.QuerySelector("h1")!.TextContent);
        Assert.Contains("Probeer het over 15 minuten opnieuw.", page.QuerySelector("main")!.TextContent);
        Assert.Null(refused.Headers.Location); // not signed in, even with the right password

        // Another account from the same computer is not affected.
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(DemoAccounts.TrekkerZuid, CommitmentsWebFactory.Password)).StatusCode);

        // Once the window has passed, the right password works again.
        app.Time.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(HttpStatusCode.Redirect, (await elsewhere.SignInAsync(DemoAccounts.Ezk, CommitmentsWebFactory.Password)).StatusCode);
    }

    [Fact]
    public async Task Sign_ins_from_one_address_are_limited_across_accounts()
    {
        using var attacker = app.AnonymousFrom("203.0.113.66");
        for (var i = 0; i < SecurityWebFactory.SignInsPerAddress; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await attacker.SignInAsync($"gok{i}@techniekpact.test", "Zomer2018-wachtwoord")).StatusCode);
        }
        var refused = await attacker.SignInAsync("gok-nog-een@techniekpact.test", "Zomer2018-wachtwoord");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(1), refused.Headers.RetryAfter?.Delta);
        Assert.Contains("Probeer het over een minuut opnieuw.", await refused.Content.ReadAsStringAsync());

        // A colleague on another address signs in as usual; the page itself stays readable.
        using var colleague = app.AnonymousFrom("2001:db8:1::5");
        Assert.Equal(HttpStatusCode.Redirect, (await colleague.SignInAsync(DemoAccounts.PartnerLimburg, CommitmentsWebFactory.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await attacker.GetAsync("/Account/Login")).StatusCode);
    }

    [Fact]
    public async Task Addresses_in_one_IPv6_network_share_their_limit()
    {
        for (var i = 0; i < SecurityWebFactory.SignInsPerAddress; i++)
        {
            using var host = app.AnonymousFrom($"2001:db8:66:1::{i + 1:x}");
            Assert.Equal(HttpStatusCode.OK, (await host.SignInAsync($"v6-{i}@techniekpact.test", "Zomer2018-wachtwoord")).StatusCode);
        }
        using var next = app.AnonymousFrom("2001:db8:66:1:ffff::1");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await next.SignInAsync("v6-x@techniekpact.test", "Zomer2018-wachtwoord")).StatusCode);
    }

    [Fact]
    public async Task The_waiting_page_is_English_for_an_English_visitor()
    {
        using var browser = app.AnonymousFrom("192.0.2.77");
        browser.Client.DefaultRequestHeaders.Add("Cookie", ".AspNetCore.Culture=c%3Den-GB%7Cuic%3Den-GB");
        for (var i = 0; i < SecurityWebFactory.SignInsPerAccount; i++)
        {
            await browser.SignInAsync(DemoAccounts.TrekkerNoord, "wrong-password-" + i);
        }
        var refused = await browser.SignInAsync(DemoAccounts.TrekkerNoord, "wrong-password-x");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var page = TestBrowser.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Too many attempts", page.QuerySelector("h1")!.TextContent);
        Assert.Contains("Try again in 15 minutes.", page.QuerySelector("main")!.TextContent);
    }

    [Fact]
    public async Task Forgotten_password_requests_are_limited_per_account_and_no_more_mail_is_queued()
    {
        const string account = "trekker.oost@techniekpact.test";
        using var browser = app.AnonymousFrom("192.0.2.20");
        for (var i = 0; i < SecurityWebFactory.ResetRequestsPerAccount; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.PostFormAsync("/Account/ForgotPassword", ("Email", account))).StatusCode);
        }
        var refused = await browser.PostFormAsync("/Account/ForgotPassword", ("Email", account.ToUpperInvariant()));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromHours(1), refused.Headers.RetryAfter?.Delta);
        Assert.Contains("Probeer het over 60 minuten opnieuw.", await refused.Content.ReadAsStringAsync());
        await using var db = app.CreateAdminDbContext();
        Assert.Equal(SecurityWebFactory.ResetRequestsPerAccount, await db.OutboxMessages.CountAsync(m => m.To == account));
    }

    [Fact]
    public async Task Password_resets_are_limited_per_account()
    {
        string id;
        await using (var db = app.CreateAdminDbContext())
        {
            id = (await db.Users.SingleAsync(u => u.Email == DemoAccounts.Ocw)).Id;
        }
        using var browser = app.AnonymousFrom("192.0.2.30");
        var url = $"/Account/ResetPassword?userId={id}&code=Z2Vlbi1jb2Rl";
        for (var i = 0; i < SecurityWebFactory.ResetsPerAccount; i++)
        {
            var wrong = await browser.PostFormAsync(url, ("Password", "Een-nieuw-wachtwoord-1"), ("ConfirmPassword", "Een-nieuw-wachtwoord-1"));
            Assert.Contains("verlopen of al gebruikt", await wrong.Content.ReadAsStringAsync());
        }
        var refused = await browser.PostFormAsync(url, ("Password", "Een-nieuw-wachtwoord-1"), ("ConfirmPassword", "Een-nieuw-wachtwoord-1"));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
    }

    [Fact]
    public async Task Invitation_acceptances_are_limited_per_address()
    {
        using var admin = await app.SignInAsync(DemoAccounts.Admin);
        await admin.PostFormAsync("/Invitations/Create", ("Email", "beperkt@minezk.test"), ("Role", Roles.Ministry));
        var path = await InvitationTests.AcceptPathForAsync(app, "beperkt@minezk.test");

        using var invitee = app.AnonymousFrom("192.0.2.40");
        for (var i = 0; i < SecurityWebFactory.AcceptancesPerAddress; i++)
        {
            var weak = await invitee.PostFormAsync(path, ("DisplayName", "Nieuwe collega"), ("Password", "kort"));
            Assert.Equal(HttpStatusCode.OK, weak.StatusCode);
        }
        var refused = await invitee.PostFormAsync(path, ("DisplayName", "Nieuwe collega"), ("Password", "Een-goed-lang-wachtwoord"));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        await using var db = app.CreateAdminDbContext();
        Assert.False(await db.Users.AnyAsync(u => u.Email == "beperkt@minezk.test"));
    }

    [Theory]
    [InlineData("multipart/form-data; boundary=grens", "--grens\r\nkapot")]
    [InlineData("multipart/form-data", "geen grens")]
    [InlineData("application/json", "{\"Form.Email\": \"ezk@techniekpact.test\"}")]
    public async Task A_malformed_post_to_a_limited_form_is_refused_without_a_server_error(string contentType, string body)
    {
        using var browser = app.AnonymousFrom("192.0.2.60");
        var content = new StringContent(body);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        var response = await browser.Client.PostAsync("/Account/Login", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Pages_that_are_not_limited_are_never_refused()
    {
        using var browser = app.AnonymousFrom("192.0.2.50");
        for (var i = 0; i < SecurityWebFactory.SignInsPerAddress * 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Account/Login")).StatusCode);
        }
    }
}
