using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Commitments.Core.Identity;
using Commitments.Core.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Identity;

/// <summary>
/// Identity's Entity Framework user store, with the recovery codes stored hashed instead of in plain
/// text (ASVS 2.6.2, ADR-0017 addendum). The codes stay where Identity keeps them (AspNetUserTokens,
/// "[AspNetUserStore]"/"RecoveryCodes", separated by ';'), so removing that token still removes them all.
/// Codes stored in plain text before this store existed still work, once: redeeming one of them stores
/// the others hashed.
/// </summary>
public sealed class CommitmentsUserStore(CommitmentsDbContext context, IdentityErrorDescriber? describer = null)
    : UserStore<AppUser, IdentityRole, CommitmentsDbContext>(context, describer)
{
    public const string InternalLoginProvider = "[AspNetUserStore]";
    public const string RecoveryCodesToken = "RecoveryCodes";
    public const string AuthenticatorKeyToken = "AuthenticatorKey";

    public override Task ReplaceCodesAsync(AppUser user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recoveryCodes);
        return SetTokenAsync(user, InternalLoginProvider, RecoveryCodesToken,
            RecoveryCodeHashes.Join(recoveryCodes.Select(RecoveryCodeHashes.Hash)), cancellationToken);
    }

    public override async Task<bool> RedeemCodeAsync(AppUser user, string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        var stored = RecoveryCodeHashes.Split(await GetTokenAsync(user, InternalLoginProvider, RecoveryCodesToken, cancellationToken));
        var match = RecoveryCodeHashes.IndexOf(stored, code);
        if (match < 0)
        {
            return false;
        }
        // The code is gone; any left in plain text (from before hashing) are stored hashed from now on.
        // UserManager saves this with the user row and its concurrency stamp: of two requests racing
        // with the same code, one fails.
        var left = stored.Where((_, i) => i != match).Select(RecoveryCodeHashes.Upgrade);
        await SetTokenAsync(user, InternalLoginProvider, RecoveryCodesToken, RecoveryCodeHashes.Join(left), cancellationToken);
        return true;
    }

    public override async Task<int> CountCodesAsync(AppUser user, CancellationToken cancellationToken = default) =>
        RecoveryCodeHashes.Split(await GetTokenAsync(user, InternalLoginProvider, RecoveryCodesToken, cancellationToken)).Count;
}

/// <summary>
/// One recovery code as stored: <c>p1$&lt;iterations&gt;$&lt;base64 of salt and hash&gt;</c>, PBKDF2-HMAC-SHA256
/// with a salt of its own; anything else is a code from before hashing, in plain text.
/// </summary>
public static class RecoveryCodeHashes
{
    public const string HashedPrefix = "p1$";
    private const string Prefix = HashedPrefix;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>
    /// PBKDF2 rounds per code. A redemption hashes the typed code once per stored code (each has its
    /// own salt), so ten codes cost ten times this; see ADR-0017 for the figures and the choice.
    /// </summary>
    public const int Iterations = 10_000;

    /// <summary>What the user typed or was shown, as compared: no dashes or spaces, upper case.</summary>
    public static string Normalize(string code) =>
        TwoFactor.Clean(code).ToUpperInvariant();

    public static string Hash(string code)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Derive(Normalize(code), salt, Iterations);
        return Prefix + Iterations.ToString(CultureInfo.InvariantCulture) + "$" + Convert.ToBase64String([.. salt, .. hash]);
    }

    public static bool IsHashed(string stored) => stored.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>A code in plain text (from before hashing) hashed; a hashed one as it is.</summary>
    public static string Upgrade(string stored) => IsHashed(stored) ? stored : Hash(stored);

    public static IReadOnlyList<string> Split(string? value) =>
        string.IsNullOrEmpty(value) ? [] : value.Split(';', StringSplitOptions.RemoveEmptyEntries);

    public static string Join(IEnumerable<string> stored) => string.Join(";", stored);

    /// <summary>
    /// The position of the stored code the typed one matches, or -1. Every stored code is checked,
    /// each with a fixed-time comparison, whether or not an earlier one matched: the time taken says
    /// nothing about which code (or how much of it) was right.
    /// </summary>
    public static int IndexOf(IReadOnlyList<string> stored, string typed)
    {
        var typedBytes = Encoding.UTF8.GetBytes(Normalize(typed));
        var match = -1;
        for (var i = 0; i < stored.Count; i++)
        {
            if (Matches(stored[i], typedBytes) && match < 0)
            {
                match = i;
            }
        }
        return typedBytes.Length == 0 ? -1 : match;
    }

    private static bool Matches(string stored, byte[] typed)
    {
        if (!IsHashed(stored))
        {
            return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(Normalize(stored)), typed);
        }
        var parts = stored.Split('$');
        if (parts.Length != 3
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 1
            || !TryBase64(parts[2], out var bytes) || bytes.Length != SaltBytes + HashBytes)
        {
            return false;
        }
        var derived = Rfc2898DeriveBytes.Pbkdf2(typed, bytes.AsSpan(0, SaltBytes), iterations, HashAlgorithmName.SHA256, HashBytes);
        return CryptographicOperations.FixedTimeEquals(derived, bytes.AsSpan(SaltBytes));
    }

    private static byte[] Derive(string normalized, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(normalized), salt, iterations, HashAlgorithmName.SHA256, HashBytes);

    private static bool TryBase64(string value, out byte[] bytes)
    {
        bytes = new byte[SaltBytes + HashBytes + 3];
        if (Convert.TryFromBase64String(value, bytes, out var written))
        {
            bytes = bytes[..written];
            return true;
        }
        bytes = [];
        return false;
    }
}

/// <summary>
/// At start-up, hashes recovery codes still stored in plain text (made before <see cref="CommitmentsUserStore"/>),
/// so that none stay readable in the database until they happen to be used. The codes keep working:
/// only how they are stored changes. Two instances starting together may both rewrite a row; each
/// writes valid hashes of the same codes, so either result is right.
/// </summary>
public static class RecoveryCodeUpgrade
{
    public static async Task HashPlainRecoveryCodesAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var count = await HashPlainCodesAsync(scope.ServiceProvider, CancellationToken.None);
        if (count > 0)
        {
            scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RecoveryCodeUpgrade))
                .LogInformation("Recovery codes of {Count} account(s) were stored in plain text; they are now hashed.", count);
        }
    }

    /// <summary>Rewrites every plain-text recovery-code token hashed; returns how many accounts had one.</summary>
    public static async Task<int> HashPlainCodesAsync(IServiceProvider services, CancellationToken ct)
    {
        using var widened = services.GetRequiredService<Tenancy.DataScopeAccessor>()
            .Widen(Core.Tenancy.DataScope.Everything("start-up: hash plain-text recovery codes"));
        var db = services.GetRequiredService<CommitmentsDbContext>();
        // Hashed values start with the prefix (every code of a token is hashed once one is); the rest
        // is plain text from Identity's own store. Few rows: one per account with two-step verification.
        var plain = await db.UserTokens
            .Where(t => t.LoginProvider == CommitmentsUserStore.InternalLoginProvider && t.Name == CommitmentsUserStore.RecoveryCodesToken
                        && t.Value != null && t.Value != "" && !t.Value.StartsWith(RecoveryCodeHashes.HashedPrefix))
            .ToListAsync(ct);
        foreach (var token in plain)
        {
            token.Value = RecoveryCodeHashes.Join(RecoveryCodeHashes.Split(token.Value).Select(RecoveryCodeHashes.Upgrade));
        }
        await db.SaveChangesAsync(ct);
        return plain.Count;
    }
}
