using Commitments.Core.Domain;
using Commitments.Core.ReferenceData;
using Commitments.Core.Tenancy;
using Commitments.Tests.Infrastructure;
using Commitments.Tools.ScaleData;
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
