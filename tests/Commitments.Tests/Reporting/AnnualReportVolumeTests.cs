using System.Diagnostics;
using Commitments.Core.Domain;
using Commitments.Core.Tenancy;
using Commitments.Tests.Infrastructure;
using Commitments.Web.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Commitments.Tests.Reporting;

/// <summary>
/// The national report over thousands of commitments: every one arrives in the workbook. By default
/// it seeds <see cref="DefaultCount"/> commitments, which takes seconds; for the pact's real size:
/// <c>COMMITMENTS_REPORT_VOLUME=20000 dotnet test tests/Commitments.Tests -c Release --filter "FullyQualifiedName~Reporting.AnnualReportVolumeTests"</c>
/// It writes the time and memory of the build to the test output (add
/// <c>--logger "console;verbosity=detailed"</c> to see them) and asserts no time: figures belong in
/// benchmarks, not in pass/fail. The report is built the same way on both providers, so CI runs this
/// test in its SQLite pass only.
/// </summary>
[Trait("Category", TestEnvironment.OncePerRun)]
public sealed class AnnualReportVolumeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string VolumeVariable = "COMMITMENTS_REPORT_VOLUME";

    /// <summary>Three seeding batches, 15 times the demo data; about 10 s on an idle 2-core machine (Debug).</summary>
    private const int DefaultCount = 3_000;
    private TestDatabase? _database;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_database != null)
        {
            await _database.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task The_national_report_holds_every_commitment_of_a_large_pact()
    {
        var count = Environment.GetEnvironmentVariable(VolumeVariable) is { Length: > 0 } volume ? int.Parse(volume, System.Globalization.CultureInfo.InvariantCulture) : DefaultCount;
        Assert.True(count > 0, $"{VolumeVariable} must be a positive number of commitments.");
        _database = await TestDatabase.CreateAsync();
        var seeding = Stopwatch.StartNew();
        await SeedAsync(count);
        output.WriteLine($"Seeded {count} commitments in {seeding.Elapsed.TotalSeconds:F1} s on {_database.Provider}.");

        var time = new FakeTimeProvider(new DateTimeOffset(2018, 6, 18, 12, 30, 0, TimeSpan.Zero));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var peakBefore = process.PeakWorkingSet64;
        var build = Stopwatch.StartNew();
        ReportFile file;
        await using (var db = _database.CreateContext(DataScope.NationalReadOnly("volume test"), time))
        {
            file = await new AnnualReportBuilder(db, time).BuildAsync(2018, CancellationToken.None);
        }
        build.Stop();
        process.Refresh();
        output.WriteLine(
            $"Built the report in {build.Elapsed.TotalSeconds:F1} s; {file.Content.Length / 1024.0:F0} KiB file; " +
            $"{(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1024.0 / 1024.0:F0} MiB allocated; " +
            $"peak working set {peakBefore / 1024.0 / 1024.0:F0} MiB before, {process.PeakWorkingSet64 / 1024.0 / 1024.0:F0} MiB after.");

        using var report = new ReportReader(file);
        Assert.Equal(count, report.CommitmentRows.Count);
        Assert.Equal(count, report.SummaryTable("Landsdeel").Sum(r => r.Cell(2).GetDouble()));

        // The long sheets are read a chunk of commitments at a time (ADR-0015): across the chunks the
        // list keeps its order (landsdeel as on the summary, then lead partner, then number), each
        // commitment once, and Indicatoren follows it with both indicators of every commitment.
        var regionOrder = report.SummaryTable("Landsdeel").Select((r, i) => (r.Cell(1).GetString(), i)).ToDictionary(x => x.Item1, x => x.i);
        var rows = report.ListRows(AnnualReportWorkbook.CommitmentsSheet)
            .Select(r => (Id: (int)r["Nr"].GetDouble(), Region: r["Landsdeel"].GetString(), Lead: r["Penvoerder"].GetString()))
            .ToList();
        Assert.Equal(count, rows.Select(r => r.Id).Distinct().Count());
        var expected = rows.OrderBy(r => regionOrder[r.Region]).ThenBy(r => r.Lead, StringComparer.Ordinal).ThenBy(r => r.Id).Select(r => r.Id);
        Assert.Equal(expected, rows.Select(r => r.Id));
        var indicatorIds = report.ListRows(AnnualReportWorkbook.IndicatorsSheet).Select(r => (int)r["Nr toezegging"].GetDouble()).ToList();
        Assert.Equal(rows.SelectMany(r => new[] { r.Id, r.Id }), indicatorIds);
    }

    private async Task SeedAsync(int count)
    {
        int cycleId;
        List<int> organizationIds;
        await using (var db = _database!.CreateContext(DataScope.Everything("volume test set-up")))
        {
            var data = await ReportTestData.CreateAsync(db);
            var cycle = data.Cycle(2018);
            var organizations = Enumerable.Range(0, 200)
                .Select(i => data.Organization($"Partner {i:000}", data.Provinces.Keys.ElementAt(i % data.Provinces.Count)))
                .ToList();
            await db.SaveChangesAsync();
            cycleId = cycle.Id;
            organizationIds = organizations.Select(o => o.Id).ToList();
        }

        const int batch = 1000;
        for (var start = 0; start < count; start += batch)
        {
            await using var db = _database.CreateContext(DataScope.Everything("volume test set-up"));
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var themes = await db.Themes.OrderBy(t => t.SortOrder).ToListAsync();
            for (var i = start; i < Math.Min(count, start + batch); i++)
            {
                db.Commitments.Add(new Commitment
                {
                    OrganizationId = organizationIds[i % organizationIds.Count],
                    ReportingCycleId = cycleId,
                    Title = $"Toezegging {i}: 3/4 van de leerlingen kiest techniek",
                    Status = (CommitmentStatus)(1 + i % 4),
                    StartDate = new DateOnly(2018, 1, 1),
                    EndDate = new DateOnly(2020, 12, 31),
                    BudgetEuros = 1000m + i % 997 + 0.25m,
                    InKindDescription = "2 fte begeleiding",
                    Themes = [themes[i % themes.Count], themes[(i + 3) % themes.Count]],
                    CoPartners = [new CommitmentCoPartner { OrganizationId = organizationIds[(i + 1) % organizationIds.Count] }],
                    Indicators = [ReportTestData.NewIndicator(0), ReportTestData.NewIndicator(1)],
                    ProgressUpdates = [new ProgressUpdate { ReportingCycleId = cycleId, Status = ProgressUpdateStatus.Submitted, Health = (ProgressHealth)(i % 3) }],
                });
            }
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
        }
    }
}
