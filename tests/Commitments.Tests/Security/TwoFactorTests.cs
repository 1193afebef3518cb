using System.Net;
using System.Text;
using Commitments.Core.Identity;
using Commitments.Tests.Infrastructure;
using Commitments.Web.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Commitments.Tests.Security;

/// <summary>
/// Two-step verification as users meet it: required set-up for ministry and administrator accounts,
/// a code accepted once, recovery codes that work once, optional for partners. These tests sign in
/// step by step through the pages; the shared helpers do the same with the test key.
/// </summary>
public sealed class TwoFactorTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    [Fact]
    public async Task A_ministry_account_without_a_second_factor_must_set_it_up_before_anything_else()
    {
        using var browser = app.Anonymous();
        var signedIn = await browser.SignInAsync(DemoAccounts.Ezk, CommitmentsWebFactory.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        foreach (var page in new[] { "/", "/Reports", "/Commitments", "/Account/Password", "/Account/Security" })
        {
            var refused = await browser.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Equal(AccountGate.EnrolPage, refused.Headers.Location!.OriginalString);
        }

        var (enrol, document) = await browser.GetPageAsync(AccountGate.EnrolPage);
        Assert.Equal(HttpStatusCode.OK, enrol.StatusCode);
        // The QR code is an SVG drawn on the server; the same key is there as text.
        var qr = document.QuerySelector("img[src^='data:image/svg+xml;base64,']")!.GetAttribute("src")!;
        var svg = Encoding.UTF8.GetString(Convert.FromBase64String(qr["data:image/svg+xml;base64,".Length..]));
        Assert.Contains("<svg", svg);
        var key = document.QuerySelector("code.authenticator-key")!.TextContent.Replace(" ", "").ToUpperInvariant();

        var wrong = await browser.PostFormAsync(AccountGate.EnrolPage, ("Code", "000000"));
        Assert.Contains("Deze code klopt niet", await wrong.Content.ReadAsStringAsync());
        Assert.Equal(AccountGate.EnrolPage, (await browser.GetAsync("/")).Headers.Location!.OriginalString);

        var enabled = await browser.PostFormAsync(AccountGate.EnrolPage, ("Code", TwoFactorCodes.Code(key, app.Time.GetUtcNow())));
        var codes = TestBrowser.Parse(await enabled.Content.ReadAsStringAsync()).QuerySelectorAll(".recovery-codes code");
        Assert.Equal(TwoFactor.RecoveryCodeCount, codes.Length);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/Reports")).StatusCode);

        await using var db = app.CreateAdminDbContext();
        var actions = await db.AuditEntries.Where(a => a.UserName == DemoAccounts.Ezk).Select(a => a.Action).ToListAsync();
        Assert.Contains(SecurityEvents.TwoFactorFailed, actions);
        Assert.Contains(SecurityEvents.TwoFactorEnabled, actions);
    }

    [Fact]
    public async Task A_code_that_signed_in_once_is_refused_the_second_time()
    {
        using var first = await app.SignInAsync(DemoAccounts.Admin); // the helper used the code of this time step
        var code = TwoFactorCodes.Code(CommitmentsWebFactory.TwoFactorTestKey, app.Time.GetUtcNow());
        var earlier = TwoFactorCodes.Code(CommitmentsWebFactory.TwoFactorTestKey, app.Time.GetUtcNow().AddSeconds(-30));

        using var attacker = app.Anonymous();
        var step = await attacker.SignInAsync(DemoAccounts.Admin, CommitmentsWebFactory.Password);
        Assert.StartsWith("/Account/LoginWith2fa", step.Headers.Location!.OriginalString);
        foreach (var replayed in new[] { code, earlier })
        {
            var refused = await attacker.PostFormAsync("/Account/LoginWith2fa", ("Code", replayed));
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains("al gebruikt", await refused.Content.ReadAsStringAsync());
        }
        Assert.True(TestBrowser.IsRedirectToLogin(await attacker.GetAsync("/")));

        // The next code from the app works.
        app.Time.Advance(TimeSpan.FromSeconds(30));
        var next = await attacker.PostFormAsync("/Account/LoginWith2fa", ("Code", TwoFactorCodes.Code(CommitmentsWebFactory.TwoFactorTestKey, app.Time.GetUtcNow())));
        Assert.Equal("/", next.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await attacker.GetAsync("/Admin")).StatusCode);

        await using var db = app.CreateAdminDbContext();
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.UserName == DemoAccounts.Admin && a.Action == SecurityEvents.TwoFactorFailed));
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once()
    {
        // A partner turns two-step verification on, which is optional for partners.
        string recoveryCode;
        using (var partner = await app.SignInAsync(DemoAccounts.PartnerLimburg))
        {
            Assert.Equal(HttpStatusCode.OK, (await partner.GetAsync("/")).StatusCode);
            var (_, security) = await partner.GetPageAsync("/Account/Security");
            Assert.NotNull(security.QuerySelector("a[href='/Account/EnableAuthenticator']"));
            var (_, enrol) = await partner.GetPageAsync("/Account/EnableAuthenticator");
            var key = enrol.QuerySelector("code.authenticator-key")!.TextContent.Replace(" ", "").ToUpperInvariant();
            var enabled = await partner.PostFormAsync("/Account/EnableAuthenticator", ("Code", TwoFactorCodes.Code(key, app.Time.GetUtcNow())));
            // As the user noted it down from the page (the database holds only hashes).
            recoveryCode = TestBrowser.Parse(await enabled.Content.ReadAsStringAsync()).QuerySelectorAll(".recovery-codes code")[0].TextContent.Trim();
        }
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByEmailAsync(DemoAccounts.PartnerLimburg))!;
            Assert.Equal(TwoFactor.RecoveryCodeCount, await users.CountRecoveryCodesAsync(user));
        }

        using var phoneLost = app.Anonymous();
        await phoneLost.SignInAsync(DemoAccounts.PartnerLimburg, CommitmentsWebFactory.Password);
        var signedIn = await phoneLost.PostFormAsync("/Account/LoginWithRecoveryCode", ("RecoveryCode", recoveryCode));
        Assert.Equal("/", signedIn.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await phoneLost.GetAsync("/Commitments")).StatusCode);

        using var again = app.Anonymous();
        await again.SignInAsync(DemoAccounts.PartnerLimburg, CommitmentsWebFactory.Password);
        var refused = await again.PostFormAsync("/Account/LoginWithRecoveryCode", ("RecoveryCode", recoveryCode));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("al gebruikt", await refused.Content.ReadAsStringAsync());
        Assert.True(TestBrowser.IsRedirectToLogin(await again.GetAsync("/")));

        await using var db = app.CreateAdminDbContext();
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.UserName == DemoAccounts.PartnerLimburg && a.Action == SecurityEvents.RecoveryCodeUsed));
    }

    [Fact]
    public async Task A_partner_can_turn_it_off_and_a_ministry_account_cannot()
    {
        using (var partner = await app.SignInAsync(DemoAccounts.PartnerGroningen))
        {
            var (_, enrol) = await partner.GetPageAsync("/Account/EnableAuthenticator");
            var key = enrol.QuerySelector("code.authenticator-key")!.TextContent.Replace(" ", "").ToUpperInvariant();
            await partner.PostFormAsync("/Account/EnableAuthenticator", ("Code", TwoFactorCodes.Code(key, app.Time.GetUtcNow())));
            var off = await partner.PostFormAsync("/Account/Security?handler=Disable", []);
            Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        }
        using (var partner = app.Anonymous())
        {
            // Signs in with the password alone again.
            Assert.Equal("/", (await partner.SignInAsync(DemoAccounts.PartnerGroningen, CommitmentsWebFactory.Password)).Headers.Location!.OriginalString);
        }

        using var ministry = await app.SignInAsync(DemoAccounts.Ocw);
        var refused = await ministry.PostFormAsync("/Account/Security?handler=Disable", []);
        Assert.Contains("verplicht", await refused.Content.ReadAsStringAsync());
        await using var db = app.CreateAdminDbContext();
        Assert.True((await db.Users.SingleAsync(u => u.Email == DemoAccounts.Ocw)).TwoFactorEnabled);
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.UserName == DemoAccounts.PartnerGroningen && a.Action == SecurityEvents.TwoFactorDisabled));
    }

    [Fact]
    public void The_codes_are_those_of_RFC_6238()
    {
        // RFC 6238 appendix B, SHA-1, last six digits: 59 s → 94287082, 1111111109 s → 07081804.
        var key = Encoding.ASCII.GetBytes("12345678901234567890");
        Assert.Equal("287082", Totp.Code(key, Totp.TimeStep(DateTimeOffset.FromUnixTimeSeconds(59))));
        Assert.Equal("081804", Totp.Code(key, Totp.TimeStep(DateTimeOffset.FromUnixTimeSeconds(1111111109))));
        Assert.Equal(TwoFactorCodes.Code(TwoFactorCodes.TestKey, app.Time.GetUtcNow()), Totp.Code(TwoFactorCodes.TestKey, app.Time.GetUtcNow()));
    }
}
