using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Core.ReferenceData;
using Commitments.Core.Tenancy;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.FrozenReports;

/// <summary>
/// One frozen cycle (2017) and one open (2018), with a commitment registered in each and everything
/// that hangs off the frozen one. Every change refused stays refused, so the tests can share it.
/// </summary>
public sealed class FrozenCycleWorld : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public int FrozenCycle { get; private set; }
    public int OpenCycle { get; private set; }
    public int OrganizationId { get; private set; }
    public int FrozenCommitment { get; private set; }
    public int OpenCommitment { get; private set; }
    public int FrozenIndicator { get; private set; }
    public int FrozenUpdate { get; private set; }
    public int FrozenEvidence { get; private set; }
    public int FrozenReview { get; private set; }
    public int ThemeId { get; private set; }
    public string ReviewerId { get; private set; } = "";

    public CommitmentsDbContext Admin() => _database.CreateContext(DataScope.Everything("test: frozen cycle"));

    public CommitmentsDbContext Partner() => _database.CreateContext(DataScope.ForOrganization(OrganizationId, "test: partner"));

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await using var db = Admin();
        await ReferenceDataSeeder.EnsureAsync(db);
        var region = await db.Regions.FirstAsync();
        var theme = await db.Themes.FirstAsync();
        var frozen = new ReportingCycle { Year = 2017, UpdatesDueOn = new(2017, 5, 1), FreezesOn = new(2017, 6, 18) };
        var open = new ReportingCycle { Year = 2018, UpdatesDueOn = new(2018, 5, 1), FreezesOn = new(2018, 6, 18) };
        var org = new Organization { Name = "Provincie Drenthe", Type = OrganizationType.Province, RegionId = region.Id };
        var reviewer = new Core.Identity.AppUser { UserName = "trekker@test", Email = "trekker@test", RegionId = region.Id };
        db.AddRange(frozen, open, org, reviewer);
        await db.SaveChangesAsync();
        Commitment New(ReportingCycle cycle, string title) => new()
        {
            OrganizationId = org.Id, ReportingCycleId = cycle.Id, Title = title, Status = CommitmentStatus.Approved, ApprovedRevision = 1,
            Themes = [theme], Indicators = [new Indicator { Name = "stageplaatsen", Unit = "aantal", Target = 120 }],
        };
        var old = New(frozen, "Aangekondigd in 2017");
        var current = New(open, "Aangekondigd in 2018");
        db.AddRange(old, current);
        await db.SaveChangesAsync();
        var update = new ProgressUpdate
        {
            CommitmentId = old.Id, ReportingCycleId = frozen.Id, Narrative = "Zoals gerapporteerd in 2017", Status = ProgressUpdateStatus.Submitted,
            Values = [new IndicatorValue { IndicatorId = old.Indicators[0].Id, Value = 40 }],
            Evidence = [new ProgressEvidence { Url = "https://example.org/2017" }],
        };
        db.Add(update);
        await db.SaveChangesAsync();
        var review = new Review { CommitmentId = old.Id, ProgressUpdateId = update.Id, ReviewerUserId = reviewer.Id, Comment = "Akkoord" };
        db.Add(review);
        await db.SaveChangesAsync();
        await db.ReportingCycles.Where(c => c.Id == frozen.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.FrozenAt, new DateTime(2017, 6, 18, 12, 0, 0, DateTimeKind.Utc)));

        (FrozenCycle, OpenCycle, OrganizationId, ThemeId, ReviewerId) = (frozen.Id, open.Id, org.Id, theme.Id, reviewer.Id);
        (FrozenCommitment, OpenCommitment, FrozenIndicator) = (old.Id, current.Id, old.Indicators[0].Id);
        (FrozenUpdate, FrozenEvidence, FrozenReview) = (update.Id, update.Evidence[0].Id, review.Id);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();
}

/// <summary>
/// The data layer refuses every change to a frozen cycle, for every scope (an administrator's and a
/// job's included): commitments registered in it with all their parts, and progress updates for it with
/// theirs; attached rows with made-up parent ids do not get past it. The open cycle keeps working, also
/// for a commitment registered in the frozen one (commitments run for years).
/// </summary>
public sealed class FrozenCycleGuardTests(FrozenCycleWorld world) : IClassFixture<FrozenCycleWorld>
{
    private static readonly Dictionary<string, Func<CommitmentsDbContext, FrozenCycleWorld, Task>> Changes = new()
    {
        ["a new commitment in the frozen cycle"] = Do((db, w) =>
            db.Commitments.Add(new Commitment { OrganizationId = w.OrganizationId, ReportingCycleId = w.FrozenCycle, Title = "Te laat" })),
        ["a commitment's title"] = async (db, w) => (await db.Commitments.SingleAsync(c => c.Id == w.FrozenCommitment)).Title = "Gewijzigd",
        ["a commitment moved into the frozen cycle"] = async (db, w) =>
            (await db.Commitments.SingleAsync(c => c.Id == w.OpenCommitment)).ReportingCycleId = w.FrozenCycle,
        ["a deleted commitment"] = async (db, w) => db.Commitments.Remove(await db.Commitments.SingleAsync(c => c.Id == w.FrozenCommitment)),
        ["a new indicator"] = Do((db, w) =>
            db.Indicators.Add(new Indicator { CommitmentId = w.FrozenCommitment, Name = "extra", Unit = "aantal" })),
        ["an indicator attached with the open commitment as its parent"] = Do((db, w) =>
            db.Update(new Indicator { Id = w.FrozenIndicator, CommitmentId = w.OpenCommitment, Name = "gekaapt", Unit = "aantal", Target = 1 })),
        ["a theme removed"] = async (db, w) =>
            (await db.Commitments.Include(c => c.Themes).SingleAsync(c => c.Id == w.FrozenCommitment)).Themes.Clear(),
        ["a co-partner added"] = Do((db, w) =>
            db.Add(new CommitmentCoPartner { CommitmentId = w.FrozenCommitment, OrganizationId = w.OrganizationId })),
        ["a progress update for the frozen cycle"] = Do((db, w) =>
            db.ProgressUpdates.Add(new ProgressUpdate { CommitmentId = w.OpenCommitment, ReportingCycleId = w.FrozenCycle })),
        ["a progress update's narrative"] = async (db, w) => (await db.ProgressUpdates.SingleAsync(u => u.Id == w.FrozenUpdate)).Narrative = "Achteraf",
        ["an indicator value"] = async (db, w) => (await db.IndicatorValues.SingleAsync(v => v.ProgressUpdateId == w.FrozenUpdate)).Value = 99,
        ["new evidence"] = Do((db, w) => db.ProgressEvidence.Add(new ProgressEvidence { ProgressUpdateId = w.FrozenUpdate, Url = "https://example.org/later" })),
        ["evidence removed"] = async (db, w) => db.ProgressEvidence.Remove(await db.ProgressEvidence.SingleAsync(e => e.Id == w.FrozenEvidence)),
        ["a review of the update"] = Do((db, w) => db.Reviews.Add(new Review
        {
            CommitmentId = w.FrozenCommitment, ProgressUpdateId = w.FrozenUpdate, ReviewerUserId = w.ReviewerId, Decision = ReviewDecision.Approved,
        })),
        ["a review's comment"] = async (db, w) => (await db.Reviews.SingleAsync(r => r.Id == w.FrozenReview)).Comment = "Toch niet",
    };

    private static Func<CommitmentsDbContext, FrozenCycleWorld, Task> Do(Action<CommitmentsDbContext, FrozenCycleWorld> change) =>
        (db, w) =>
        {
            change(db, w);
            return Task.CompletedTask;
        };

    public static TheoryData<string> ChangeNames() => new(Changes.Keys);

    [Theory]
    [MemberData(nameof(ChangeNames))]
    public async Task A_change_to_the_frozen_cycle_is_refused_for_an_administrator_and_nothing_is_written(string change)
    {
        string before;
        await using (var db = world.Admin())
        {
            before = await SnapshotAsync(db);
        }
        await using (var db = world.Admin())
        {
            await Changes[change](db, world);
            var refused = await Assert.ThrowsAsync<FrozenCycleException>(() => db.SaveChangesAsync());
            Assert.Equal(2017, refused.Year);
            Assert.Equal("Rapportagejaar 2017 is bevroren: er kan niets meer aan worden toegevoegd of gewijzigd. " +
                         "(Reporting year 2017 is frozen: nothing can be added or changed any more.)", refused.Message);
        }
        await using (var db = world.Admin())
        {
            Assert.Equal(before, await SnapshotAsync(db));
        }
    }

    [Fact]
    public async Task A_partner_is_refused_too()
    {
        await using var db = world.Partner();
        (await db.ProgressUpdates.SingleAsync(u => u.Id == world.FrozenUpdate)).Narrative = "Achteraf";
        await Assert.ThrowsAsync<FrozenCycleException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task The_open_cycle_takes_changes_also_for_a_commitment_registered_in_the_frozen_one()
    {
        await using (var db = world.Partner())
        {
            var open = await db.Commitments.SingleAsync(c => c.Id == world.OpenCommitment);
            open.Description = "Aangevuld";
            db.ProgressUpdates.Add(new ProgressUpdate { CommitmentId = world.FrozenCommitment, ReportingCycleId = world.OpenCycle, Narrative = "2018" });
            await db.SaveChangesAsync();
        }
        await using var check = world.Admin();
        Assert.True(await check.ProgressUpdates.AnyAsync(u => u.CommitmentId == world.FrozenCommitment && u.ReportingCycleId == world.OpenCycle));
        await check.ProgressUpdates.Where(u => u.ReportingCycleId == world.OpenCycle).ExecuteDeleteAsync();
    }

    private async Task<string> SnapshotAsync(CommitmentsDbContext db) => System.Text.Json.JsonSerializer.Serialize(new
    {
        Commitments = await db.Commitments.OrderBy(c => c.Id).Select(c => new { c.Id, c.Title, c.ReportingCycleId, c.Version }).ToListAsync(),
        Themes = await db.Commitments.Where(c => c.Id == world.FrozenCommitment).SelectMany(c => c.Themes).Select(t => t.Id).ToListAsync(),
        CoPartners = await db.Set<CommitmentCoPartner>().CountAsync(),
        Indicators = await db.Indicators.OrderBy(i => i.Id).Select(i => new { i.Id, i.Name, i.CommitmentId }).ToListAsync(),
        Updates = await db.ProgressUpdates.Where(u => u.ReportingCycleId == world.FrozenCycle).Select(u => new { u.Id, u.Narrative, u.Version }).ToListAsync(),
        Values = await db.IndicatorValues.Select(v => v.Value).ToListAsync(),
        Evidence = await db.ProgressEvidence.Select(e => e.Url).ToListAsync(),
        Reviews = await db.Reviews.Select(r => new { r.Id, r.Comment }).ToListAsync(),
    });
}
