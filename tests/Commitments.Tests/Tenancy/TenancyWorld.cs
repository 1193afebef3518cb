using Commitments.Core.Domain;
using Commitments.Core.Identity;
using Commitments.Core.Persistence;
using Commitments.Core.ReferenceData;
using Commitments.Core.Tenancy;
using Commitments.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Tenancy;

/// <summary>The rows one organisation owns in every tenant table.</summary>
public sealed record OwnedRows(
    int OrganizationId, int CommitmentId, int IndicatorId, int ProgressUpdateId, int ReviewId,
    long ReminderLogId, int InvitationId, long AuditEntryId, int EvidenceId, int ReportRunId);

/// <summary>
/// One database shared by the isolation tests: three organisations with a row in every tenant table.
/// Drenthe (Noord) is the victim; Groningen (Noord) is named co-partner on Drenthe's commitment;
/// Limburg (Zuid) is a partner of another region. The attackers' forgeries are refused, so the data
/// stays as built here and the tests can share it.
/// </summary>
public sealed class TenancyWorld : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public int NoordRegion { get; private set; }
    public int ZuidRegion { get; private set; }
    public int CycleId { get; private set; }
    public int ThemeId { get; private set; }
    public int OtherThemeId { get; private set; }
    public string ReviewerId { get; private set; } = "";
    public int NoordReportId { get; private set; }
    public int ZuidReportId { get; private set; }
    public OwnedRows Drenthe { get; private set; } = null!;
    public OwnedRows Groningen { get; private set; } = null!;
    public OwnedRows Limburg { get; private set; } = null!;

    public CommitmentsDbContext Context(DataScope scope) => _database.CreateContext(scope);

    public Microsoft.EntityFrameworkCore.DbContextOptions<CommitmentsDbContext> Options() => _database.Options();

    public CommitmentsDbContext Admin() => _database.CreateContext(DataScope.Everything("test check"));

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await using var db = Admin();
        await ReferenceDataSeeder.EnsureAsync(db);
        var regions = await db.Regions.ToDictionaryAsync(r => r.Code, r => r.Id);
        (NoordRegion, ZuidRegion) = (regions["noord"], regions["zuid"]);
        var themes = await db.Themes.OrderBy(t => t.SortOrder).Take(2).ToListAsync();
        (ThemeId, OtherThemeId) = (themes[0].Id, themes[1].Id);

        var cycle = new ReportingCycle { Year = 2018, UpdatesDueOn = new(2018, 5, 1), FreezesOn = new(2018, 6, 18) };
        var reviewer = new AppUser { UserName = "trekker@test", Email = "trekker@test", RegionId = NoordRegion };
        db.AddRange(cycle, reviewer);
        await db.SaveChangesAsync();
        (CycleId, ReviewerId) = (cycle.Id, reviewer.Id);

        var drenthe = new Organization { Name = "Provincie Drenthe", Type = OrganizationType.Province, RegionId = NoordRegion };
        var groningen = new Organization { Name = "Noordelijke Installatie BV", Type = OrganizationType.Business, RegionId = NoordRegion };
        var limburg = new Organization { Name = "Techniekcollege Limburg", Type = OrganizationType.EducationInstitution, RegionId = ZuidRegion };
        db.AddRange(drenthe, groningen, limburg);
        await db.SaveChangesAsync();

        Drenthe = await OwnAsync(db, drenthe, "Drenthe", coPartner: groningen);
        Groningen = await OwnAsync(db, groningen, "Groningen", coPartner: null);
        Limburg = await OwnAsync(db, limburg, "Limburg", coPartner: null);

        var noordReport = new AnnualReport { ReportingCycleId = CycleId, RegionId = NoordRegion, FileName = "noord.xlsx", Content = [1, 2, 3], Sha256 = "aa" };
        var zuidReport = new AnnualReport { ReportingCycleId = CycleId, RegionId = ZuidRegion, FileName = "zuid.xlsx", Content = [4, 5, 6], Sha256 = "bb" };
        db.AddRange(noordReport, zuidReport);
        await db.SaveChangesAsync();
        (NoordReportId, ZuidReportId) = (noordReport.Id, zuidReport.Id);
    }

    private async Task<OwnedRows> OwnAsync(CommitmentsDbContext db, Organization org, string name, Organization? coPartner)
    {
        var theme = await db.Themes.SingleAsync(t => t.Id == ThemeId);
        var commitment = new Commitment
        {
            OrganizationId = org.Id,
            ReportingCycleId = CycleId,
            Title = $"Toezegging {name}",
            Status = CommitmentStatus.Submitted,
            Themes = [theme],
            Indicators = [new Indicator { Name = $"stageplaatsen {name}", Unit = "aantal", Baseline = 0, Target = 120 }],
        };
        if (coPartner != null)
        {
            commitment.CoPartners.Add(new CommitmentCoPartner { OrganizationId = coPartner.Id });
        }
        db.Commitments.Add(commitment);
        await db.SaveChangesAsync();

        var update = new ProgressUpdate
        {
            CommitmentId = commitment.Id,
            ReportingCycleId = CycleId,
            Narrative = $"Voortgang {name}",
            Values = [new IndicatorValue { IndicatorId = commitment.Indicators[0].Id, Value = 40 }],
            Evidence = [new ProgressEvidence { Url = $"https://example.org/{name}/verslag" }],
        };
        db.ProgressUpdates.Add(update);
        await db.SaveChangesAsync();

        var review = new Review { CommitmentId = commitment.Id, ProgressUpdateId = update.Id, ReviewerUserId = ReviewerId, Comment = $"Akkoord {name}" };
        var reminder = new ReminderLog { CommitmentId = commitment.Id, ReportingCycleId = CycleId, Kind = ReminderKind.BeforeDeadline, Recipient = $"{name}@test" };
        var invitation = new Invitation
        {
            Email = $"collega@{name}.test", Role = Roles.Partner, OrganizationId = org.Id,
            TokenHash = Guid.NewGuid().ToString("N"), InvitedByUserId = ReviewerId,
        };
        var audit = db.Audit("commitment.created", nameof(Commitment), commitment.Id, org.Id, null, null, $"Geschiedenis {name}");
        // A report of the organisation's own data, asked for by one of its users and built by the job.
        var run = new ReportRun
        {
            RequestedByUserId = ReviewerId, Scope = ReportRunScope.Organization, OrganizationId = org.Id, ReportingCycleId = CycleId,
            State = ReportRunState.Ready, Percent = 100, FileName = $"{name}.xlsx", Content = [7, 8, 9],
        };
        db.AddRange(review, reminder, invitation, run);
        await db.SaveChangesAsync();
        return new OwnedRows(org.Id, commitment.Id, commitment.Indicators[0].Id, update.Id, review.Id, reminder.Id, invitation.Id, audit.Id,
            update.Evidence[0].Id, run.Id);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();
}
