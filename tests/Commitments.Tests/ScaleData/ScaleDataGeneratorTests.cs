using Commitments.Core.Domain;
using Commitments.Core.Tenancy;
using Commitments.Tests.Infrastructure;
using Commitments.Tools.ScaleData;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Commitments.Tests.ScaleData;

/// <summary>A small generated dataset in a real database, read back through the data layer. The shared database is only read.</summary>
public sealed class ScaleDataGeneratorTests(ScaleDataGeneratorTests.Generated generated) : IClassFixture<ScaleDataGeneratorTests.Generated>
{
    /// <summary>One database generated once for the class; created on first use so that an unreachable PostgreSQL skips the tests.</summary>
    public sealed class Generated : IAsyncLifetime
    {
        private Task<(TestDatabase, ScaleDataResult)>? _created;

        public Task<(TestDatabase Database, ScaleDataResult Result)> GetAsync() => _created ??= CreateAsync();

        private static async Task<(TestDatabase, ScaleDataResult)> CreateAsync()
        {
            var database = await TestDatabase.CreateAsync();
            return (database, await ScaleDataTestSupport.GenerateAsync(database));
        }

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync()
        {
            if (_created is { IsCompletedSuccessfully: true })
            {
                await (await _created).Item1.DisposeAsync();
            }
        }
    }

    [SkippableFact]
    public async Task It_writes_the_requested_numbers_of_rows_and_says_so()
    {
        var (database, result) = await generated.GetAsync();
        await using var db = database.CreateContext(DataScope.Everything("test"));

        Assert.Equal(50, await db.Organizations.CountAsync());
        Assert.Equal(400, await db.Commitments.CountAsync());
        Assert.Equal(5, await db.Regions.CountAsync());
        Assert.Equal(5, await db.ReportingCycles.CountAsync());
        Assert.Equal(35, await db.ReportingCycles.SelectMany(c => c.Themes).CountAsync());
        Assert.Equal(result.RowsIn("Organizations"), await db.Organizations.CountAsync());
        Assert.Equal(result.RowsIn("Commitments"), await db.Commitments.CountAsync());
        Assert.Equal(result.RowsIn("CommitmentThemes"), await db.Commitments.SelectMany(c => c.Themes).CountAsync());
        Assert.Equal(result.RowsIn("CommitmentCoPartner"), await db.Commitments.SelectMany(c => c.CoPartners).CountAsync());
        Assert.Equal(result.RowsIn("Indicators"), await db.Indicators.CountAsync());
        Assert.Equal(result.RowsIn("ProgressUpdates"), await db.ProgressUpdates.CountAsync());
        Assert.Equal(result.RowsIn("IndicatorValues"), await db.IndicatorValues.CountAsync());
        Assert.InRange(result.RowsIn("Indicators"), 1_000, 1_400);
        Assert.True(result.RowsIn("IndicatorValues") > result.RowsIn("ProgressUpdates"));
    }

    /// <summary>
    /// Everything the generator meant to write comes back through EF exactly: texts with their special
    /// characters, dates, amounts to the cent, enum names, moments in UTC to the millisecond, KvK numbers
    /// with their leading zeros.
    /// </summary>
    [SkippableFact]
    public async Task Every_value_reads_back_through_the_data_layer_as_generated()
    {
        var (database, _) = await generated.GetAsync();
        await using var db = database.CreateContext(DataScope.Everything("test"));
        var expected = new ScaleDataset(ScaleDataTestSupport.Small, await ReferenceIds.LoadAsync(db, CancellationToken.None));

        var organizations = await db.Organizations.AsNoTracking().OrderBy(o => o.Id).ToListAsync();
        Assert.Equal(expected.Organizations.Count, organizations.Count);
        foreach (var (want, got) in expected.Organizations.Zip(organizations))
        {
            Assert.Equal((want.Id, want.Name, want.Type, want.RegionId, want.ProvinceId, want.KvkNumber, want.CreatedAt),
                (got.Id, got.Name, got.Type, got.RegionId, got.ProvinceId, got.KvkNumber, got.CreatedAt));
            Assert.Equal(DateTimeKind.Utc, got.CreatedAt.Kind);
        }
        Assert.Contains(organizations, o => o.KvkNumber is ['0', ..]);

        var cycles = await db.ReportingCycles.AsNoTracking().Include(c => c.Themes).OrderBy(c => c.Id).ToListAsync();
        Assert.Equal(
            expected.Cycles.Select(c => (c.Id, c.Year, c.UpdatesDueOn, c.FreezesOn, c.FrozenAt, Themes: string.Join(",", c.Themes.Select(t => t.Id)))),
            cycles.Select(c => (c.Id, c.Year, c.UpdatesDueOn, c.FreezesOn, c.FrozenAt, Themes: string.Join(",", c.Themes.Select(t => t.Id).Order()))));

        var commitments = await db.Commitments.AsNoTracking().AsSplitQuery()
            .Include(c => c.Themes).Include(c => c.CoPartners).Include(c => c.Indicators)
            .Include(c => c.ProgressUpdates).ThenInclude(u => u.Values)
            .OrderBy(c => c.Id).ToListAsync();
        var wanted = expected.Commitments().ToList();
        Assert.Equal(wanted.Count, commitments.Count);
        foreach (var (want, got) in wanted.Zip(commitments))
        {
            Assert.Equal(
                (want.Id, want.OrganizationId, want.ReportingCycleId, want.Title, want.Description, want.StartDate, want.EndDate,
                    want.BudgetEuros, want.InKindDescription, want.Status, want.CreatedAt, want.UpdatedAt, want.SubmittedAt, want.Version),
                (got.Id, got.OrganizationId, got.ReportingCycleId, got.Title, got.Description, got.StartDate, got.EndDate,
                    got.BudgetEuros, got.InKindDescription, got.Status, got.CreatedAt, got.UpdatedAt, got.SubmittedAt, got.Version));
            Assert.Equal(want.Themes.Select(t => t.Id).Order(), got.Themes.Select(t => t.Id).Order());
            Assert.Equal(want.CoPartners.Select(p => p.OrganizationId).Order(), got.CoPartners.Select(p => p.OrganizationId).Order());
            Assert.Equal(
                want.Indicators.Select(i => (i.Id, i.Name, i.Unit, i.Baseline, i.Target, i.TargetDate, i.SortOrder)),
                got.Indicators.OrderBy(i => i.Id).Select(i => (i.Id, i.Name, i.Unit, i.Baseline, i.Target, i.TargetDate, i.SortOrder)));
            Assert.Equal(
                want.ProgressUpdates.Select(u => (u.Id, u.ReportingCycleId, u.Status, u.Health, u.Narrative, u.EvidenceUrl, u.CreatedAt, u.UpdatedAt, u.SubmittedAt, u.Version)),
                got.ProgressUpdates.OrderBy(u => u.Id).Select(u => (u.Id, u.ReportingCycleId, u.Status, u.Health, u.Narrative, u.EvidenceUrl, u.CreatedAt, u.UpdatedAt, u.SubmittedAt, u.Version)));
            Assert.Equal(
                want.ProgressUpdates.SelectMany(u => u.Values).Select(v => (v.ProgressUpdateId, v.IndicatorId, v.Value)),
                got.ProgressUpdates.OrderBy(u => u.Id).SelectMany(u => u.Values.OrderBy(v => v.IndicatorId)).Select(v => (v.ProgressUpdateId, v.IndicatorId, v.Value)));
            Assert.All(got.ProgressUpdates, u => Assert.Equal(DateTimeKind.Utc, u.CreatedAt.Kind));
        }
        Assert.Contains(commitments, c => c.BudgetEuros is { } b && b != decimal.Truncate(b));
    }

    /// <summary>
    /// The generator bypasses EF for speed, so it must store each value in the same form EF would
    /// (on SQLite: text formats of dates, moments, decimals and GUIDs). Rows copied through EF are
    /// compared with the generated ones as stored, column by column. (Its own database: it adds rows.)
    /// </summary>
    [SkippableFact]
    public async Task Each_value_is_stored_in_the_form_the_data_layer_stores_it()
    {
        await using var database = await TestDatabase.CreateAsync();
        await ScaleDataTestSupport.GenerateAsync(database);
        Commitment source;
        Organization sourceOrganization;
        ReportingCycle sourceCycle;
        await using (var read = database.CreateContext(DataScope.Everything("test")))
        {
            source = await read.Commitments.AsNoTracking()
                .Include(c => c.Indicators).Include(c => c.ProgressUpdates).ThenInclude(u => u.Values)
                .Where(c => c.BudgetEuros != null && c.SubmittedAt != null && c.Indicators.Any(i => i.TargetDate != null)
                            && c.ProgressUpdates.Any(u => u.SubmittedAt != null && u.Narrative != null))
                .OrderBy(c => c.Id).FirstAsync();
            sourceOrganization = await read.Organizations.AsNoTracking().FirstAsync(o => o.Id == source.OrganizationId);
            sourceCycle = await read.ReportingCycles.AsNoTracking().FirstAsync(c => c.Id == source.ReportingCycleId);
        }
        var sourceIndicator = source.Indicators.OrderBy(i => i.Id).First(i => i.TargetDate != null);
        var sourceUpdate = source.ProgressUpdates.OrderBy(u => u.Id).First(u => u.SubmittedAt != null && u.Narrative != null);
        var sourceValue = sourceUpdate.Values.Single(v => v.IndicatorId == sourceIndicator.Id);

        Organization organization;
        ReportingCycle cycle;
        Commitment commitment;
        Indicator indicator;
        await using (var write = database.CreateContext(DataScope.Everything("test"), new FakeTimeProvider(new DateTimeOffset(source.CreatedAt))))
        {
            organization = new Organization
            {
                Name = sourceOrganization.Name + " (kopie)",
                Type = sourceOrganization.Type,
                RegionId = sourceOrganization.RegionId,
                ProvinceId = sourceOrganization.ProvinceId,
                CreatedAt = sourceOrganization.CreatedAt,
            };
            cycle = new ReportingCycle
            {
                Year = 2099,
                UpdatesDueOn = sourceCycle.UpdatesDueOn,
                FreezesOn = sourceCycle.FreezesOn,
                FirstReminderDaysBefore = sourceCycle.FirstReminderDaysBefore,
                EscalateDaysAfter = sourceCycle.EscalateDaysAfter,
            };
            indicator = new Indicator
            {
                Name = sourceIndicator.Name,
                Unit = sourceIndicator.Unit,
                Baseline = sourceIndicator.Baseline,
                Target = sourceIndicator.Target,
                TargetDate = sourceIndicator.TargetDate,
                SortOrder = sourceIndicator.SortOrder,
            };
            commitment = new Commitment
            {
                OrganizationId = source.OrganizationId,
                ReportingCycleId = source.ReportingCycleId,
                Title = source.Title,
                Description = source.Description,
                StartDate = source.StartDate,
                EndDate = source.EndDate,
                BudgetEuros = source.BudgetEuros,
                InKindDescription = source.InKindDescription,
                Status = source.Status,
                SubmittedAt = source.SubmittedAt,
                Version = source.Version,
                LeadSharePercent = source.LeadSharePercent,
                ApprovedAt = source.ApprovedAt,
                ApprovedRevision = source.ApprovedRevision,
                WithdrawnAt = source.WithdrawnAt,
                WithdrawalReason = source.WithdrawalReason,
                Indicators = [indicator],
            };
            write.AddRange(organization, cycle, commitment);
            await write.SaveChangesAsync();
        }
        ProgressUpdate update;
        await using (var write = database.CreateContext(DataScope.Everything("test"), new FakeTimeProvider(new DateTimeOffset(sourceUpdate.CreatedAt))))
        {
            update = new ProgressUpdate
            {
                CommitmentId = commitment.Id,
                ReportingCycleId = sourceUpdate.ReportingCycleId,
                Status = sourceUpdate.Status,
                Health = sourceUpdate.Health,
                Narrative = sourceUpdate.Narrative,
                EvidenceUrl = sourceUpdate.EvidenceUrl,
                SubmittedAt = sourceUpdate.SubmittedAt,
                Version = sourceUpdate.Version,
                ApprovedAt = sourceUpdate.ApprovedAt,
                Values = [new IndicatorValue { IndicatorId = indicator.Id, Value = sourceValue.Value }],
            };
            write.Add(update);
            await write.SaveChangesAsync();
        }

        await AssertStoredAlikeAsync(database, "Organizations", sourceOrganization.Id, organization.Id, "Id", "Name", "KvkNumber");
        await AssertStoredAlikeAsync(database, "ReportingCycles", sourceCycle.Id, cycle.Id, "Id", "Year");
        // EF stamps CreatedAt and UpdatedAt with the (fake) clock, set to the generated CreatedAt.
        await AssertStoredAlikeAsync(database, "Commitments", source.Id, commitment.Id, "Id", "UpdatedAt");
        await AssertStoredAlikeAsync(database, "Indicators", sourceIndicator.Id, indicator.Id, "Id", "CommitmentId");
        await AssertStoredAlikeAsync(database, "ProgressUpdates", sourceUpdate.Id, update.Id, "Id", "CommitmentId", "UpdatedAt");
        Assert.Equal(
            (await ScaleDataTestSupport.RawRowAsync(database, "IndicatorValues", $"\"ProgressUpdateId\" = {sourceUpdate.Id} AND \"IndicatorId\" = {sourceIndicator.Id}"))["Value"],
            (await ScaleDataTestSupport.RawRowAsync(database, "IndicatorValues", $"\"ProgressUpdateId\" = {update.Id} AND \"IndicatorId\" = {indicator.Id}"))["Value"]);

        var kvk = await ScaleDataTestSupport.RawRowAsync(database, "Organizations", "\"KvkNumber\" LIKE '0%' AND \"Id\" = (SELECT MIN(\"Id\") FROM \"Organizations\" WHERE \"KvkNumber\" LIKE '0%')");
        Assert.Matches("^String:0[0-9]{7}$", kvk["KvkNumber"]);
    }

    private static async Task AssertStoredAlikeAsync(TestDatabase database, string table, int generatedId, int copiedId, params string[] except)
    {
        var generatedRow = await ScaleDataTestSupport.RawRowAsync(database, table, $"\"Id\" = {generatedId}");
        var copiedRow = await ScaleDataTestSupport.RawRowAsync(database, table, $"\"Id\" = {copiedId}");
        foreach (var column in except)
        {
            generatedRow.Remove(column);
            copiedRow.Remove(column);
        }
        Assert.Equal(copiedRow.OrderBy(c => c.Key), generatedRow.OrderBy(c => c.Key));
    }
}
