using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Commitments.Core.Identity;
using Microsoft.AspNetCore.Identity;

namespace Commitments.Web.Identity;

/// <summary>Two-factor sign-in with an authenticator app (TOTP), required for some roles.</summary>
public static class TwoFactor
{
    /// <summary>Roles that may do nothing before they have signed in with a second factor.</summary>
    public static readonly string[] RequiredForRoles = [Roles.Ministry, Roles.Administrator];

    /// <summary>The claim Identity adds to a session that passed the second step ("amr": "mfa").</summary>
    public const string AmrClaim = "amr";
    public const string MfaValue = "mfa";

    public const int RecoveryCodeCount = 10;

    public const string Issuer = "Techniekpact";

    public static bool IsRequiredFor(System.Security.Claims.ClaimsPrincipal user) => RequiredForRoles.Any(user.IsInRole);

    public static async Task<bool> IsRequiredForAsync(UserManager<AppUser> users, AppUser user)
    {
        var roles = await users.GetRolesAsync(user);
        return roles.Any(RequiredForRoles.Contains);
    }

    /// <summary>The otpauth URI an authenticator app reads from the QR code (Key Uri Format).</summary>
    public static string AuthenticatorUri(string email, string key) =>
        string.Create(CultureInfo.InvariantCulture,
            $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(email)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6&period=30");

    /// <summary>The key in groups of four, easier to type into an app by hand.</summary>
    public static string Grouped(string key)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            if (i > 0)
            {
                builder.Append(' ');
            }
            builder.Append(key.AsSpan(i, Math.Min(4, key.Length - i)));
        }
        return builder.ToString().ToLowerInvariant();
    }

    /// <summary>A typed code without the spaces or dashes people add.</summary>
    public static string Clean(string? code) =>
        (code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Trim();
}

/// <summary>
/// Identity's authenticator provider (<see cref="TokenOptions.DefaultAuthenticatorProvider"/>) with two
/// changes: the time comes from <see cref="TimeProvider"/>, and a code is accepted once. The last
/// accepted time step is stored per user in AspNetUserTokens (login provider "Commitments", name
/// "TotpLastTimeStep"); a code of that step or an earlier one is refused, so a code seen over a
/// shoulder or captured by a phishing page cannot be used again. Two requests racing with the same
/// code both write the user row: Identity's concurrency stamp lets only one of them succeed.
/// Codes of one step before and after now are accepted (clocks on phones drift).
/// </summary>
public sealed class ReplayGuardedAuthenticatorTokenProvider(TimeProvider time) : IUserTwoFactorTokenProvider<AppUser>
{
    public const string LoginProvider = "Commitments";
    public const string LastTimeStepToken = "TotpLastTimeStep";

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<AppUser> manager, AppUser user) =>
        !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));

    /// <summary>The app computes the codes; the server never sends one.</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<AppUser> manager, AppUser user) => Task.FromResult(string.Empty);

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<AppUser> manager, AppUser user)
    {
        var code = TwoFactor.Clean(token);
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key) || code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            return false;
        }
        var keyBytes = Base32.Decode(key);
        var now = Totp.TimeStep(time.GetUtcNow());
        var last = long.TryParse(await manager.GetAuthenticationTokenAsync(user, LoginProvider, LastTimeStepToken),
            NumberStyles.Integer, CultureInfo.InvariantCulture, out var stored) ? stored : long.MinValue;
        var typed = Encoding.ASCII.GetBytes(code);
        for (var step = now - 1; step <= now + 1; step++)
        {
            if (step > last && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Totp.Code(keyBytes, step)), typed))
            {
                var saved = await manager.SetAuthenticationTokenAsync(user, LoginProvider, LastTimeStepToken,
                    step.ToString(CultureInfo.InvariantCulture));
                return saved.Succeeded;
            }
        }
        return false;
    }
}
