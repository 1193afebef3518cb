using Commitments.Core.Domain;
using Commitments.Core.Identity;
using Commitments.Core.ReferenceData;
using Commitments.Core.Tenancy;
using Commitments.Tests.Infrastructure;
using Commitments.Tools.ScaleData;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.ScaleData;

/// <summary>How the generator treats the database it is pointed at, and what the application can do afterwards.</summary>
public sealed class ScaleDataDatabaseTests
{
    [SkippableFact]
    public async Task Two_runs_with_the_same_options_give_identical_databases()
    {
        await using var first = await TestDatabase.CreateAsync();
        await using var second = await TestDatabase.CreateAsync();

        await ScaleDataTestSupport.GenerateAsync(first);
        await ScaleDataTestSupport.GenerateAsync(second);

        var expected = await ScaleDataTestSupport.DumpAsync(first);
        var actual = await ScaleDataTestSupport.DumpAsync(second);
        Assert.True(expected.Count > 5_000, $"only {expected.Count} rows dumped");
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i], actual[i]);
        }
    }

    /// <summary>
    /// With accounts, only the password hash (its salt) and the stamps differ between runs; ids, names,
    /// organisations, regions and role links are the same.
    /// </summary>
    [SkippableFact]
    public async Task Two_runs_with_accounts_differ_only_in_the_password_salt_and_the_stamps()
    {
        await using var first = await TestDatabase.CreateAsync();
        await using var second = await TestDatabase.CreateAsync();
        var options = ScaleDataTestSupport.Small with { AccountPassword = "Schaal-wachtwoord-2020" };

        await ScaleDataTestSupport.GenerateAsync(first, options);
        await ScaleDataTestSupport.GenerateAsync(second, options);

        var stamps = new HashSet<string> { "PasswordHash", "SecurityStamp", "ConcurrencyStamp" };
        var expected = await ScaleDataTestSupport.DumpAsync(first, stamps);
        var actual = await ScaleDataTestSupport.DumpAsync(second, stamps);
        Assert.Equal(2 + 5 + 50, expected.Count(line => line.StartsWith("AspNetUsers: ", StringComparison.Ordinal)));
        Assert.Equal(4, expected.Count(line => line.StartsWith("AspNetRoles: ", StringComparison.Ordinal)));
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i], actual[i]);
        }
    }

    /// <summary>
    /// A database the application has already started on has its roles; the accounts use them, and only
    /// the missing roles are added (the unique index on the normalised name would refuse a second one).
    /// </summary>
    [SkippableFact]
    public async Task Accounts_use_the_roles_the_database_already_has_and_add_only_the_missing_ones()
    {
        await using var database = await TestDatabase.CreateAsync();
        string partnerRoleId;
        await using (var db = database.CreateContext(DataScope.Everything("test set-up")))
        {
            var partner = new IdentityRole(Roles.Partner) { NormalizedName = "PARTNER" };
            db.Roles.AddRange(partner, new IdentityRole(Roles.Administrator) { NormalizedName = "ADMINISTRATOR" });
            await db.SaveChangesAsync();
            partnerRoleId = partner.Id;
        }

        var result = await ScaleDataTestSupport.GenerateAsync(database,
            ScaleDataTestSupport.Small with { AccountPassword = "Schaal-wachtwoord-2020" });

        Assert.Equal(2, result.RowsIn("AspNetRoles"));
        Assert.Equal(57, result.RowsIn("AspNetUsers"));
        await using var check = database.CreateContext(DataScope.Everything("test"));
        Assert.Equal(Roles.All.Order(StringComparer.Ordinal), (await check.Roles.Select(r => r.Name!).ToListAsync()).Order(StringComparer.Ordinal));
        var partnerLinks = await check.UserRoles.CountAsync(l => l.RoleId == partnerRoleId);
        Assert.Equal(50, partnerLinks);
    }

    [SkippableFact]
    public async Task Accounts_are_refused_when_the_database_already_has_one_of_their_names_and_nothing_is_written()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var db = database.CreateContext(DataScope.Everything("test set-up")))
        {
            db.Users.Add(new AppUser { UserName = "admin@schaal.test", NormalizedUserName = "ADMIN@SCHAAL.TEST", Email = "admin@schaal.test" });
            await db.SaveChangesAsync();
        }

        var refused = await Assert.ThrowsAsync<ScaleDataRefusedException>(() => ScaleDataTestSupport.GenerateAsync(database,
            ScaleDataTestSupport.Small with { AccountPassword = "Schaal-wachtwoord-2020" }));

        Assert.Contains("1 accounts @schaal.test", refused.Message, StringComparison.Ordinal);
        await using var check = database.CreateContext(DataScope.Everything("test"));
        Assert.Equal(1, await check.Users.CountAsync());
        Assert.Equal(0, await check.Organizations.CountAsync());
    }

    [SkippableFact]
    public async Task Without_accounts_no_users_or_roles_are_written()
    {
        await using var database = await TestDatabase.CreateAsync();

        var result = await ScaleDataTestSupport.GenerateAsync(database, new ScaleDataOptions { Organizations = 10, Commitments = 20 });

        Assert.DoesNotContain(result.Tables, t => t.Table.StartsWith("AspNet", StringComparison.Ordinal));
        await using var check = database.CreateContext(DataScope.Everything("test"));
        Assert.Equal(0, await check.Users.CountAsync());
        Assert.Equal(0, await check.Roles.CountAsync());
    }

    [SkippableFact]
    public async Task It_refuses_a_database_that_already_holds_organisations_and_writes_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var db = database.CreateContext(DataScope.Everything("test set-up")))
        {
            await ReferenceDataSeeder.EnsureAsync(db);
            db.Organizations.Add(new Organization
            {
                Name = "Provincie Drenthe",
                Type = OrganizationType.Province,
                RegionId = (await db.Regions.SingleAsync(r => r.Code == "noord")).Id,
            });
            await db.SaveChangesAsync();
        }

        var refused = await Assert.ThrowsAsync<ScaleDataRefusedException>(() => ScaleDataTestSupport.GenerateAsync(database));

        Assert.Contains("1 organisations", refused.Message, StringComparison.Ordinal);
        await using var check = database.CreateContext(DataScope.Everything("test"));
        Assert.Equal(1, await check.Organizations.CountAsync());
        Assert.Equal(0, await check.ReportingCycles.CountAsync());
        Assert.Equal(0, await check.Commitments.CountAsync());
    }

    [SkippableFact]
    public async Task A_second_run_into_the_same_database_is_refused()
    {
        await using var database = await TestDatabase.CreateAsync();
        var small = new ScaleDataOptions { Organizations = 10, Commitments = 20 };
        await ScaleDataTestSupport.GenerateAsync(database, small);

        await Assert.ThrowsAsync<ScaleDataRefusedException>(() => ScaleDataTestSupport.GenerateAsync(database, small));

        await using var check = database.CreateContext(DataScope.Everything("test"));
        Assert.Equal(10, await check.Organizations.CountAsync());
        Assert.Equal(20, await check.Commitments.CountAsync());
    }

    /// <summary>
    /// The generator sets ids itself. On PostgreSQL the identity sequences must then be moved on,
    /// or the application's next insert collides with a generated row.
    /// </summary>
    [SkippableFact]
    public async Task The_application_can_add_partners_commitments_and_progress_afterwards()
    {
        await using var database = await TestDatabase.CreateAsync();
        var result = await ScaleDataTestSupport.GenerateAsync(database);

        await using var db = database.CreateContext(DataScope.Everything("test"));
        var region = await db.Regions.SingleAsync(r => r.Code == "zuid");
        var organization = new Organization { Name = "Techniekcollege Venlo (nieuw)", Type = OrganizationType.EducationInstitution, RegionId = region.Id, KvkNumber = "00000001" };
        var cycle = new ReportingCycle { Year = 2021, UpdatesDueOn = new(2021, 5, 1), FreezesOn = new(2021, 6, 14) };
        var indicator = new Indicator { Name = "stageplaatsen techniek", Unit = "aantal", Baseline = 0, Target = 120, TargetDate = new(2022, 12, 31) };
        var commitment = new Commitment
        {
            Organization = organization,
            ReportingCycle = cycle,
            Title = "3/4 van de leerlingen loopt stage in de techniek",
            StartDate = new(2021, 9, 1),
            EndDate = new(2022, 12, 31),
            BudgetEuros = 1234.56m,
            Status = CommitmentStatus.Submitted,
            Indicators = [indicator],
        };
        db.AddRange(organization, cycle, commitment);
        await db.SaveChangesAsync();
        var update = new ProgressUpdate
        {
            CommitmentId = commitment.Id,
            ReportingCycleId = cycle.Id,
            Health = ProgressHealth.OnTrack,
            Values = [new IndicatorValue { IndicatorId = indicator.Id, Value = 40 }],
        };
        db.Add(update);
        await db.SaveChangesAsync();

        Assert.True(organization.Id > result.RowsIn("Organizations"));
        Assert.True(cycle.Id > result.RowsIn("ReportingCycles"));
        Assert.True(commitment.Id > result.RowsIn("Commitments"));
        Assert.True(indicator.Id > result.RowsIn("Indicators"));
        Assert.True(update.Id > result.RowsIn("ProgressUpdates"));
        await using var check = database.CreateContext(DataScope.Everything("test"));
        Assert.Equal(401, await check.Commitments.CountAsync());
        Assert.Equal("00000001", (await check.Organizations.SingleAsync(o => o.Id == organization.Id)).KvkNumber);
    }
}
