using System.Globalization;
using System.Security.Cryptography;
using Commitments.Core.Domain;
using Commitments.Core.Identity;
using Microsoft.AspNetCore.Identity;

namespace Commitments.Tools.ScaleData;

/// <summary>
/// Accounts for every role in the scale data, so that load tests (and people) can sign in as any of them:
/// <c>admin@schaal.test</c> (Administrator), <c>ministerie@schaal.test</c> (Ministry),
/// <c>trekker.&lt;region code&gt;@schaal.test</c> (RegionalLead of that region) and
/// <c>partner.&lt;organisation id&gt;@schaal.test</c> (Partner of that organisation), all with one password.
/// </summary>
/// <remarks>
/// The password is hashed once and the hash is stored for every account. Identity's hash (PBKDF2 with
/// 100,000 iterations) is made slow on purpose; once per account it would cost minutes at scale 10. The
/// salt travels inside the hash, so every copy verifies the same password. The rows are what Identity's
/// UserManager would have written: names normalised by Identity's own <see cref="UpperInvariantLookupNormalizer"/>,
/// e-mail confirmed, lockout enabled, a security stamp and a concurrency stamp of their own per user. Those
/// stamps and the hash's salt are the only values that differ between runs; user and role ids come from the
/// seeded generator. Roles the database already has (the web application creates them at start-up) are
/// reused; missing ones are created here with the names the web application looks for.
/// </remarks>
public sealed class ScaleAccounts
{
    public const string Domain = "schaal.test";
    public const string AdministratorEmail = "admin@" + Domain;
    public const string MinistryEmail = "ministerie@" + Domain;
    public const string Culture = "nl-NL";

    public static string RegionalLeadEmail(string regionCode) => $"trekker.{regionCode}@{Domain}";

    public static string PartnerEmail(int organizationId) => $"partner.{organizationId.ToString(CultureInfo.InvariantCulture)}@{Domain}";

    /// <summary>No accounts: the scale data without <c>--accounts</c>.</summary>
    public static ScaleAccounts None { get; } = new([], [], []);

    private ScaleAccounts(IReadOnlyList<IdentityRole> newRoles, IReadOnlyList<AppUser> users, IReadOnlyList<IdentityUserRole<string>> userRoles)
    {
        NewRoles = newRoles;
        Users = users;
        UserRoles = userRoles;
    }

    /// <summary>Roles missing from the database, to be written with the accounts.</summary>
    public IReadOnlyList<IdentityRole> NewRoles { get; }

    /// <summary>Administrator, ministry, one lead per region (in region id order), one partner per organisation (in id order).</summary>
    public IReadOnlyList<AppUser> Users { get; }

    /// <summary>One role per user.</summary>
    public IReadOnlyList<IdentityUserRole<string>> UserRoles { get; }

    public bool Any => Users.Count > 0;

    internal static ScaleAccounts Create(string password, int seed, ReferenceIds references, IReadOnlyList<Organization> organizations,
        bool twoFactorForAdministratorAndMinistry = false)
    {
        var normalizer = new UpperInvariantLookupNormalizer();

        // Separate generators for roles and users, so user ids do not depend on which roles existed.
        var roleRng = new Random(ScaleDataset.Mix(seed, 4, 0));
        var roleIds = new Dictionary<string, string>(StringComparer.Ordinal);
        var newRoles = new List<IdentityRole>();
        foreach (var role in Roles.All)
        {
            var normalized = normalizer.NormalizeName(role);
            var id = ScaleDataset.NewGuid(roleRng).ToString();
            var existing = references.ExistingRoles.FirstOrDefault(r => r.NormalizedName == normalized);
            if (existing != null)
            {
                roleIds[role] = existing.Id;
                continue;
            }
            newRoles.Add(new IdentityRole(role) { Id = id, NormalizedName = normalized, ConcurrencyStamp = Guid.NewGuid().ToString() });
            roleIds[role] = id;
        }

        var passwordHash = new PasswordHasher<AppUser>().HashPassword(new AppUser(), password);
        var userRng = new Random(ScaleDataset.Mix(seed, 4, 1));
        var users = new List<AppUser>(organizations.Count + references.RegionCodes.Count + 2);
        var userRoles = new List<IdentityUserRole<string>>(users.Capacity);

        void Add(string email, string displayName, string role, int? organizationId = null, int? regionId = null, bool twoFactor = false)
        {
            var user = new AppUser
            {
                Id = ScaleDataset.NewGuid(userRng).ToString(),
                UserName = email,
                NormalizedUserName = normalizer.NormalizeName(email),
                Email = email,
                NormalizedEmail = normalizer.NormalizeEmail(email),
                EmailConfirmed = true,
                PasswordHash = passwordHash,
                // Opaque to Identity, which only compares it with the stamp in the cookie; UserManager
                // makes 20 random bytes too (in base32).
                SecurityStamp = Convert.ToHexString(RandomNumberGenerator.GetBytes(20)),
                ConcurrencyStamp = Guid.NewGuid().ToString(),
                LockoutEnabled = true,
                TwoFactorEnabled = twoFactor,
                DisplayName = displayName,
                OrganizationId = organizationId,
                RegionId = regionId,
                Culture = Culture,
            };
            users.Add(user);
            userRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleIds[role] });
        }

        Add(AdministratorEmail, "Beheerder (schaaldata)", Roles.Administrator, twoFactor: twoFactorForAdministratorAndMinistry);
        Add(MinistryEmail, "Ministerie (schaaldata)", Roles.Ministry, twoFactor: twoFactorForAdministratorAndMinistry);
        foreach (var (regionId, code) in references.RegionCodes.OrderBy(r => r.Key))
        {
            Add(RegionalLeadEmail(code), "Landsdeeltrekker " + references.RegionNames[regionId], Roles.RegionalLead, regionId: regionId);
        }
        foreach (var organization in organizations)
        {
            Add(PartnerEmail(organization.Id), organization.Name, Roles.Partner, organizationId: organization.Id);
        }
        return new ScaleAccounts(newRoles, users, userRoles);
    }
}
