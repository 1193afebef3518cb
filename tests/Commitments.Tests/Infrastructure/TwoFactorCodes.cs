using Commitments.Core.Identity;
using Commitments.Core.Tenancy;
using Commitments.Web.Identity;
using Commitments.Web.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace Commitments.Tests.Infrastructure;

/// <summary>
/// Two-step verification for the tests' sign-in helpers. The application checks codes against its
/// <see cref="TimeProvider"/> (FakeTimeProvider in tests), so codes are computed for the factory's
/// <c>Time</c>, with Otp.NET: an implementation independent of the application's own.
/// <para>
/// A code is accepted once per account and the test clock stands still, so a second sign-in of the
/// same account in the same 30 seconds would be refused as a replay (as it would for a person). The
/// helpers therefore forget the account's last accepted time step before they sign in; the tests of
/// the replay rule itself (Security/TwoFactorTests) sign in without these helpers.
/// </para>
/// </summary>
public static class TwoFactorCodes
{
    /// <summary>20 bytes, base32: the key the helpers give to accounts that must use two-step verification.</summary>
    public const string TestKey = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    /// <summary>The code an authenticator app with <paramref name="base32Key"/> shows at <paramref name="time"/>.</summary>
    public static string Code(string base32Key, DateTimeOffset time) =>
        new OtpNet.Totp(Base32Encoding.ToBytes(base32Key)).ComputeTotp(time.UtcDateTime);

    /// <summary>Sets up the test key for a ministry or administrator account that has no two-step verification yet.</summary>
    public static async Task EnrolIfRequiredAsync(IServiceProvider services, string email)
    {
        await using var scope = services.CreateAsyncScope();
        using var widened = scope.ServiceProvider.GetRequiredService<DataScopeAccessor>().Widen(DataScope.Everything("test sign-in"));
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync(email);
        if (user == null || user.TwoFactorEnabled || !await TwoFactor.IsRequiredForAsync(users, user))
        {
            return;
        }
        Check(await users.SetAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey", TestKey));
        Check(await users.SetTwoFactorEnabledAsync(user, true));
    }

    /// <summary>
    /// The code for the account's own key at <paramref name="now"/>, after forgetting the last time
    /// step it was used for (see the class summary).
    /// </summary>
    public static async Task<string> NextCodeAsync(IServiceProvider services, string email, DateTimeOffset now)
    {
        await using var scope = services.CreateAsyncScope();
        using var widened = scope.ServiceProvider.GetRequiredService<DataScopeAccessor>().Widen(DataScope.Everything("test sign-in"));
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No account {email}.");
        var key = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException($"{email} has no authenticator key.");
        Check(await users.RemoveAuthenticationTokenAsync(user, ReplayGuardedAuthenticatorTokenProvider.LoginProvider,
            ReplayGuardedAuthenticatorTokenProvider.LastTimeStepToken));
        return Code(key, now);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Code)));
        }
    }
}
