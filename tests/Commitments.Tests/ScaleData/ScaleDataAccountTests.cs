using Commitments.Core.Identity;
using Commitments.Core.Tenancy;
using Commitments.Tests.Infrastructure;
using Commitments.Tools.ScaleData;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Commitments.Tests.ScaleData;

/// <summary>
/// The application started on scale data generated with accounts, as <c>scale-data --accounts --password …</c>
/// makes it: the generator fills the database first, then the host starts on it (its role set-up runs,
/// the demo data stays out because organisations exist).
/// </summary>
public sealed class ScaleDataAccountsWebFactory : CommitmentsWebFactory
{
    public const string AccountPassword = "Schaal-wachtwoord-2020";

    /// <summary>As a load run passes it with <c>--totp-key</c>.</summary>
    public const string AuthenticatorKey = "KRUGKIDROVUWG2ZAMJZG653OEBTG66BA";

    public static readonly ScaleDataOptions Options = ScaleDataTestSupport.Small with { AccountPassword = AccountPassword, AuthenticatorKey = AuthenticatorKey };

    protected override Task PrepareDatabaseAsync(TestDatabase database) =>
        ScaleDataGenerator.GenerateAsync(database.Provider, database.ConnectionString, Options);
}

/// <summary>Signing in to the scale data as every role. The shared database is only read.</summary>
public sealed class ScaleDataAccountTests(ScaleDataAccountsWebFactory app) : IClassFixture<ScaleDataAccountsWebFactory>
{
    private const string Password = ScaleDataAccountsWebFactory.AccountPassword;

    [Fact]
    public async Task Every_role_has_its_accounts_with_their_organisation_or_region()
    {
        await using var db = app.CreateAdminDbContext();
        var organizationIds = await db.Organizations.OrderBy(o => o.Id).Select(o => o.Id).ToListAsync();
        var regions = await db.Regions.OrderBy(r => r.Id).ToListAsync();
        var accounts = await (
                from user in db.Users
                join link in db.UserRoles on user.Id equals link.UserId
                join role in db.Roles on link.RoleId equals role.Id
                select new { user.UserName, user.Email, Role = role.Name, user.OrganizationId, user.RegionId })
            .ToListAsync();

        Assert.Equal(50, organizationIds.Count);
        Assert.Equal(["noord", "oost", "zuid", "noordwest", "zuidwest"], regions.Select(r => r.Code));
        Assert.Equal(2 + 5 + 50, accounts.Count);
        Assert.Equal(accounts.Count, await db.Users.CountAsync()); // one role each, nobody without one
        Assert.All(accounts, a => Assert.Equal(a.UserName, a.Email));

        Assert.Equal((Roles.Administrator, (int?)null, (int?)null),
            accounts.Where(a => a.UserName == "admin@schaal.test").Select(a => (a.Role, a.OrganizationId, a.RegionId)).Single());
        Assert.Equal((Roles.Ministry, (int?)null, (int?)null),
            accounts.Where(a => a.UserName == "ministerie@schaal.test").Select(a => (a.Role, a.OrganizationId, a.RegionId)).Single());
        foreach (var region in regions)
        {
            Assert.Equal((Roles.RegionalLead, (int?)null, (int?)region.Id),
                accounts.Where(a => a.UserName == $"trekker.{region.Code}@schaal.test").Select(a => (a.Role, a.OrganizationId, a.RegionId)).Single());
        }
        foreach (var id in organizationIds)
        {
            Assert.Equal((Roles.Partner, (int?)id, (int?)null),
                accounts.Where(a => a.UserName == $"partner.{id}@schaal.test").Select(a => (a.Role, a.OrganizationId, a.RegionId)).Single());
        }
    }

    /// <summary>A load tool signs in as administrator and ministry with codes computed from the key it passed.</summary>
    [Fact]
    public async Task The_administrator_and_ministry_sign_in_with_codes_from_the_given_authenticator_key()
    {
        foreach (var email in new[] { ScaleAccounts.AdministratorEmail, ScaleAccounts.MinistryEmail })
        {
            // The next time step: a code is accepted once, and other tests in this class may have used this one.
            app.Time.Advance(TimeSpan.FromSeconds(30));
            using var browser = app.Anonymous();
            var step = await browser.SignInAsync(email, Password);
            Assert.StartsWith("/Account/LoginWith2fa", step.Headers.Location!.OriginalString);
            var code = TwoFactorCodes.Code(ScaleDataAccountsWebFactory.AuthenticatorKey, app.Time.GetUtcNow());
            var signedIn = await browser.PostFormAsync(step.Headers.Location!.OriginalString, ("Code", code));
            Assert.Equal("/", signedIn.Headers.Location!.OriginalString);
            Assert.Equal(System.Net.HttpStatusCode.OK, (await browser.GetAsync("/Reports")).StatusCode);
        }
        await using var db = app.CreateAdminDbContext();
        Assert.Equal(2, await db.Users.CountAsync(u => u.TwoFactorEnabled));
    }

    /// <summary>The application found the generator's roles at start-up and did not add its own.</summary>
    [Fact]
    public async Task The_four_roles_exist_once_under_the_names_the_application_looks_up()
    {
        await using var db = app.CreateAdminDbContext();
        var roles = (await db.Roles.ToListAsync()).OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
        Assert.Equal(Roles.All.Order(StringComparer.Ordinal), roles.Select(r => r.Name));
        Assert.All(roles, r => Assert.Equal(r.Name!.ToUpperInvariant(), r.NormalizedName));

        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var lead = await users.FindByEmailAsync("trekker.zuid@schaal.test");
        Assert.NotNull(lead);
        Assert.Equal([Roles.RegionalLead], await users.GetRolesAsync(lead));
        Assert.Equal(50, (await users.GetUsersInRoleAsync(Roles.Partner)).Count);
        Assert.Equal(5, (await users.GetUsersInRoleAsync(Roles.RegionalLead)).Count);
    }

    [Fact]
    public async Task The_accounts_are_stored_as_Identity_stores_them_with_one_password_hash_and_stamps_of_their_own()
    {
        await using var db = app.CreateAdminDbContext();
        var users = await db.Users.AsNoTracking().ToListAsync();
        var normalizer = new UpperInvariantLookupNormalizer();

        Assert.All(users, u =>
        {
            Assert.Equal(normalizer.NormalizeName(u.UserName), u.NormalizedUserName);
            Assert.Equal(normalizer.NormalizeEmail(u.Email), u.NormalizedEmail);
            Assert.True(u.EmailConfirmed);
            Assert.True(u.LockoutEnabled);
            Assert.Null(u.LockoutEnd);
            Assert.Equal(0, u.AccessFailedCount);
            // Only the accounts that must use two-step verification, given a key with --totp-key.
            Assert.Equal(u.UserName is ScaleAccounts.AdministratorEmail or ScaleAccounts.MinistryEmail, u.TwoFactorEnabled);
            Assert.Equal("nl-NL", u.Culture);
            Assert.False(string.IsNullOrEmpty(u.DisplayName));
        });
        Assert.Single(users.Select(u => u.PasswordHash).Distinct()); // hashed once, reused
        Assert.Equal(users.Count, users.Select(u => u.SecurityStamp).Distinct().Count());
        Assert.Equal(users.Count, users.Select(u => u.ConcurrencyStamp).Distinct().Count());
        Assert.Equal(users.Count, users.Select(u => u.Id).Distinct().Count());
    }

    [Theory]
    [InlineData("partner.17@schaal.test")]
    [InlineData("trekker.noordwest@schaal.test")]
    [InlineData("admin@schaal.test")]
    public async Task The_generated_password_verifies_against_the_stored_hash(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByNameAsync(email);
        Assert.NotNull(user);

        var hasher = new PasswordHasher<AppUser>();
        Assert.Equal(PasswordVerificationResult.Success, hasher.VerifyHashedPassword(user, user.PasswordHash!, Password));
        Assert.Equal(PasswordVerificationResult.Failed, hasher.VerifyHashedPassword(user, user.PasswordHash!, Password + "x"));
        Assert.True(await users.CheckPasswordAsync(user, Password));
    }

    [Theory]
    [InlineData("admin@schaal.test")]
    [InlineData("ministerie@schaal.test")]
    public async Task The_administrator_and_the_ministry_sign_in_and_see_every_commitment(string email)
    {
        using var browser = await app.SignInAsync(email, Password);

        Assert.Equal("400 toezegging(en) gevonden.", await CountOnListAsync(browser));
    }

    [Fact]
    public async Task A_regional_lead_signs_in_and_sees_only_the_commitments_of_its_region()
    {
        int expected;
        await using (var db = app.CreateAdminDbContext())
        {
            var zuid = await db.Regions.SingleAsync(r => r.Code == "zuid");
            expected = await db.Commitments.CountAsync(c => c.Organization!.RegionId == zuid.Id);
            await using var leadScope = app.CreateDbContext(DataScope.ForRegion(zuid.Id, "test"));
            Assert.Equal(expected, await leadScope.Commitments.CountAsync());
        }
        Assert.InRange(expected, 1, 399);

        using var browser = await app.SignInAsync("trekker.zuid@schaal.test", Password);
        var (_, page) = await browser.GetPageAsync("/Commitments");

        Assert.Equal($"{expected} toezegging(en) gevonden.", page.QuerySelector("p[role=status]")!.TextContent);
        var regionCells = page.QuerySelectorAll("tbody tr td:nth-child(3)").Select(td => td.TextContent).ToList();
        Assert.NotEmpty(regionCells);
        Assert.All(regionCells, region => Assert.Equal("Zuid", region));
    }

    [Fact]
    public async Task A_partner_signs_in_and_sees_the_commitments_of_its_organisation()
    {
        int organizationId, own, visible;
        await using (var db = app.CreateAdminDbContext())
        {
            organizationId = await db.Commitments.GroupBy(c => c.OrganizationId)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => g.Key).FirstAsync();
            own = await db.Commitments.CountAsync(c => c.OrganizationId == organizationId);
            await using var partnerScope = app.CreateDbContext(DataScope.ForOrganization(organizationId, "test"));
            visible = await partnerScope.Commitments.CountAsync();
        }
        Assert.InRange(visible, own, 399);

        using var browser = await app.SignInAsync($"partner.{organizationId}@schaal.test", Password);

        Assert.Equal($"{visible} toezegging(en) gevonden.", await CountOnListAsync(browser));
    }

    private static async Task<string> CountOnListAsync(TestBrowser browser)
    {
        var (response, page) = await browser.GetPageAsync("/Commitments");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return page.QuerySelector("p[role=status]")!.TextContent;
    }
}
