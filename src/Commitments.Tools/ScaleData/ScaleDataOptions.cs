namespace Commitments.Tools.ScaleData;

/// <summary>
/// How much data to generate. Scale 1 is a national dataset of the size the pact really had
/// (2,000 partners, 20,000 commitments); scale 10 is ten times that, for load and report tests.
/// Tests override the counts to stay small. The same options always give the same data.
/// </summary>
public sealed record ScaleDataOptions
{
    public const int OrganizationsPerScale = 2_000;
    public const int CommitmentsPerScale = 20_000;

    /// <summary>The fixed seed: the day of the 2018 annual conference.</summary>
    public const int DefaultSeed = 20180618;

    public int Scale { get; init; } = 1;

    /// <summary>Overrides <see cref="Scale"/> for the number of organisations.</summary>
    public int? Organizations { get; init; }

    /// <summary>Overrides <see cref="Scale"/> for the number of commitments.</summary>
    public int? Commitments { get; init; }

    public int Seed { get; init; } = DefaultSeed;

    /// <summary>
    /// When set, accounts for every role are generated (see <see cref="ScaleAccounts"/>), all signing in
    /// with this password. Null: no accounts, as before.
    /// </summary>
    public string? AccountPassword { get; init; }

    /// <summary>
    /// With accounts: the administrator and ministry accounts (which must sign in with a second factor)
    /// get this authenticator key (base32), so a load tool can compute their codes. Null: they are
    /// sent to set up an authenticator app at their first sign-in.
    /// </summary>
    public string? AuthenticatorKey { get; init; }

    public int OrganizationCount => Organizations ?? OrganizationsPerScale * Scale;

    public int CommitmentCount => Commitments ?? CommitmentsPerScale * Scale;

    public void Validate()
    {
        if (Scale < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Scale), Scale, "The scale must be 1 or more.");
        }
        if (OrganizationCount < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(Organizations), OrganizationCount, "At least two organisations are needed (a lead and a co-partner).");
        }
        if (CommitmentCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Commitments), CommitmentCount, "At least one commitment is needed.");
        }
        if (AuthenticatorKey != null && (AccountPassword == null || !IsBase32Key(AuthenticatorKey)))
        {
            throw new ArgumentException("The authenticator key needs accounts and must be base32 (A-Z, 2-7), at least 16 characters.", nameof(AuthenticatorKey));
        }
        if (AccountPassword is { Length: 0 })
        {
            throw new ArgumentException("The account password must not be empty.", nameof(AccountPassword));
        }
    }

    /// <summary>An authenticator key as apps take it: base32 (A–Z, 2–7), at least 80 bits; spaces and padding allowed.</summary>
    public static bool IsBase32Key(string key)
    {
        var clean = key.Replace(" ", "", StringComparison.Ordinal).TrimEnd('=').ToUpperInvariant();
        return clean.Length >= 16 && clean.All(c => c is >= 'A' and <= 'Z' or >= '2' and <= '7');
    }

    /// <summary>Keeps the password out of the record's ToString, should the options ever be logged.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append(System.Globalization.CultureInfo.InvariantCulture,
            $"Scale = {Scale}, Organizations = {Organizations}, Commitments = {Commitments}, Seed = {Seed}, ");
        builder.Append("AccountPassword = ").Append(AccountPassword == null ? "(none)" : "***");
        builder.Append(", AuthenticatorKey = ").Append(AuthenticatorKey == null ? "(none)" : "***");
        return true;
    }
}
