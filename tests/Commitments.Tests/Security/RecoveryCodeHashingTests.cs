using System.Net;
using Commitments.Core.Identity;
using Commitments.Tests.Infrastructure;
using Commitments.Web.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Commitments.Tests.Security;

/// <summary>
/// Recovery codes are shown once in plain text and stored only as salted PBKDF2 hashes
/// (<see cref="CommitmentsUserStore"/>); each still signs in once. Codes stored in plain text before
/// the upgrade keep working, once, and the rest are then stored hashed: nobody is locked out by it.
/// </summary>
public sealed class RecoveryCodeHashingTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private async Task<string?> StoredCodesAsync(string email)
    {
        await using var db = app.CreateAdminDbContext();
        var id = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        return await db.UserTokens
            .Where(t => t.UserId == id && t.LoginProvider == CommitmentsUserStore.InternalLoginProvider && t.Name == CommitmentsUserStore.RecoveryCodesToken)
            .Select(t => t.Value).SingleOrDefaultAsync();
    }

    /// <summary>Password, then a recovery code on the second step: true when that signed in.</summary>
    private async Task<bool> SignInWithRecoveryCodeAsync(string email, string code)
    {
        using var browser = app.Anonymous();
        var step = await browser.SignInAsync(email, CommitmentsWebFactory.Password);
        Assert.StartsWith("/Account/LoginWith2fa", step.Headers.Location!.OriginalString);
        var answer = await browser.PostFormAsync("/Account/LoginWithRecoveryCode", ("RecoveryCode", code));
        if (answer.StatusCode == HttpStatusCode.OK)
        {
            Assert.Contains("al gebruikt", await answer.Content.ReadAsStringAsync());
            return false;
        }
        Assert.Equal("/", answer.Headers.Location!.OriginalString);
        return (await browser.GetAsync("/Commitments")).StatusCode == HttpStatusCode.OK;
    }

    [Fact]
    public async Task Codes_are_shown_once_stored_only_as_salted_hashes_and_each_signs_in_once()
    {
        List<string> shown;
        using (var partner = await app.SignInAsync(DemoAccounts.PartnerGroningen))
        {
            var (_, enrol) = await partner.GetPageAsync("/Account/EnableAuthenticator");
            var key = enrol.QuerySelector("code.authenticator-key")!.TextContent.Replace(" ", "").ToUpperInvariant();
            var enabled = await partner.PostFormAsync("/Account/EnableAuthenticator", ("Code", TwoFactorCodes.Code(key, app.Time.GetUtcNow())));
            shown = TestBrowser.Parse(await enabled.Content.ReadAsStringAsync()).QuerySelectorAll(".recovery-codes code")
                .Select(c => c.TextContent.Trim()).ToList();
        }
        Assert.Equal(TwoFactor.RecoveryCodeCount, shown.Count);

        var stored = await StoredCodesAsync(DemoAccounts.PartnerGroningen);
        var entries = RecoveryCodeHashes.Split(stored);
        Assert.Equal(TwoFactor.RecoveryCodeCount, entries.Count);
        Assert.All(entries, e => Assert.True(RecoveryCodeHashes.IsHashed(e), e));
        Assert.All(shown, code =>
        {
            Assert.DoesNotContain(code, stored!, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(RecoveryCodeHashes.Normalize(code), stored!, StringComparison.OrdinalIgnoreCase);
        });

        // The last code, typed in lower case without its dash: accepted once.
        var code = shown[^1].Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
        Assert.True(await SignInWithRecoveryCodeAsync(DemoAccounts.PartnerGroningen, code));
        Assert.False(await SignInWithRecoveryCodeAsync(DemoAccounts.PartnerGroningen, shown[^1]));
        Assert.True(await SignInWithRecoveryCodeAsync(DemoAccounts.PartnerGroningen, shown[0]));
        Assert.Equal(TwoFactor.RecoveryCodeCount - 2, RecoveryCodeHashes.Split(await StoredCodesAsync(DemoAccounts.PartnerGroningen)).Count);

        // The security page counts what is left.
        using var signedIn = await app.SignInAsync(DemoAccounts.PartnerGroningen, null);
        Assert.Contains("Ongebruikte herstelcodes: 8", (await signedIn.GetPageAsync("/Account/Security")).Document.Body!.TextContent);
    }

    [Fact]
    public async Task Plain_text_codes_from_before_the_upgrade_work_once_and_the_rest_are_then_stored_hashed()
    {
        string[] legacy = ["BCDFG-HJKMN", "PQRTV-WXY23", "45678-9BCDF"];
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // As Identity's own store left them: one token, the codes in plain text separated by ';'.
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByEmailAsync(DemoAccounts.PartnerDrenthe))!;
            Assert.True((await users.SetAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey", TwoFactorCodes.TestKey)).Succeeded);
            Assert.True((await users.SetTwoFactorEnabledAsync(user, true)).Succeeded);
            await using var db = app.CreateAdminDbContext();
            db.UserTokens.Add(new IdentityUserToken<string>
            {
                UserId = user.Id, LoginProvider = "[AspNetUserStore]", Name = "RecoveryCodes", Value = string.Join(";", legacy),
            });
            await db.SaveChangesAsync();
            Assert.Equal(3, await users.CountRecoveryCodesAsync(user));
        }

        Assert.False(await SignInWithRecoveryCodeAsync(DemoAccounts.PartnerDrenthe, "BCDFG-HJKMX"));
        Assert.True(await SignInWithRecoveryCodeAsync(DemoAccounts.PartnerDrenthe, legacy[1]));

        var entries = RecoveryCodeHashes.Split(await StoredCodesAsync(DemoAccounts.PartnerDrenthe));
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.True(RecoveryCodeHashes.IsHashed(e), e));
        Assert.All(legacy, code => Assert.DoesNotContain(entries, e => e.Contains(code, StringComparison.Ordinal)));

        Assert.False(await SignInWithRecoveryCodeAsync(DemoAccounts.PartnerDrenthe, legacy[1]));
        Assert.True(await SignInWithRecoveryCodeAsync(DemoAccounts.PartnerDrenthe, legacy[0]));
        Assert.True(await SignInWithRecoveryCodeAsync(DemoAccounts.PartnerDrenthe, legacy[2]));
        Assert.Empty(RecoveryCodeHashes.Split(await StoredCodesAsync(DemoAccounts.PartnerDrenthe)));
    }

    [Fact]
    public void Each_code_has_its_own_salt_and_a_damaged_entry_matches_nothing()
    {
        var first = RecoveryCodeHashes.Hash("BCDFG-HJKMN");
        var second = RecoveryCodeHashes.Hash("BCDFG-HJKMN");
        Assert.NotEqual(first, second);
        Assert.StartsWith($"p1${RecoveryCodeHashes.Iterations}$", first);

        string[] stored = ["p1$", "p1$x$abc", "p1$10000$not-base64!", "p1$0$" + first.Split('$')[2], first[..^4], second];
        Assert.Equal(5, RecoveryCodeHashes.IndexOf(stored, "bcdfg hjkmn"));
        Assert.Equal(-1, RecoveryCodeHashes.IndexOf(stored, "BCDFG-HJKMP"));
        Assert.Equal(-1, RecoveryCodeHashes.IndexOf(stored, ""));
    }
    [Fact]
    public async Task At_start_up_plain_text_codes_are_hashed_and_still_sign_in_once()
    {
        string[] legacy = ["MNPQR-TVWXY", "23456-789BC"];
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByEmailAsync(DemoAccounts.TrekkerZuid))!;
            Assert.True((await users.SetAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey", TwoFactorCodes.TestKey)).Succeeded);
            Assert.True((await users.SetTwoFactorEnabledAsync(user, true)).Succeeded);
            await using var db = app.CreateAdminDbContext();
            db.UserTokens.Add(new IdentityUserToken<string>
            {
                UserId = user.Id, LoginProvider = "[AspNetUserStore]", Name = "RecoveryCodes", Value = string.Join(";", legacy),
            });
            await db.SaveChangesAsync();
        }

        // What Program.cs runs at start-up (HashPlainRecoveryCodesAsync), here on the running test host.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.Equal(1, await RecoveryCodeUpgrade.HashPlainCodesAsync(scope.ServiceProvider, CancellationToken.None));
        }
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.Equal(0, await RecoveryCodeUpgrade.HashPlainCodesAsync(scope.ServiceProvider, CancellationToken.None));
        }
        var stored = await StoredCodesAsync(DemoAccounts.TrekkerZuid);
        Assert.All(RecoveryCodeHashes.Split(stored), e => Assert.True(RecoveryCodeHashes.IsHashed(e), e));
        Assert.All(legacy, code => Assert.DoesNotContain(code, stored!, StringComparison.Ordinal));

        Assert.True(await SignInWithRecoveryCodeAsync(DemoAccounts.TrekkerZuid, legacy[0]));
        Assert.False(await SignInWithRecoveryCodeAsync(DemoAccounts.TrekkerZuid, legacy[0]));
        Assert.True(await SignInWithRecoveryCodeAsync(DemoAccounts.TrekkerZuid, legacy[1]));
    }
}
