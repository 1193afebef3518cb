using Commitments.Core.Domain;
using Commitments.Core.Identity;
using Commitments.Core.Persistence;
using Commitments.Core.ReferenceData;
using Commitments.Core.Tenancy;
using Commitments.Tests.Infrastructure;
using Commitments.Web.Email;
using Commitments.Web.Reminders;
using Commitments.Web.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Commitments.Tests.Reminders;

/// <summary>
/// A pact of one approved commitment (Provincie Drenthe, landsdeel Noord) in the 2026 cycle, whose
/// progress is due on Tuesday 31 March 2026, two days after the clocks go forward. Drenthe has a
/// Dutch user, an English user and one who chose the weekly digest; the commitment names a contact
/// person; Noord has a regional lead. The jobs run as Hangfire runs them: no user, their own context.
/// </summary>
public sealed class ReminderTestWorld : IAsyncLifetime
{
    public static readonly DateOnly DueOn = new(2026, 3, 31);

    private TestDatabase _database = null!;

    public FakeTimeProvider Time { get; } = new();
    public int CycleId { get; private set; }
    public int CommitmentId { get; private set; }
    public int OrganizationId { get; private set; }

    public const string DutchUser = "anna@drenthe.test", EnglishUser = "ben@drenthe.test", DigestUser = "carla@drenthe.test",
        Contact = "projectleider@drenthe.test", Lead = "trekker.noord@techniekpact.test", OtherPartner = "piet@limburg.test";

    /// <summary>Sets the clock to 07:00 in Amsterdam on that day (06:00 or 05:00 UTC, by the season).</summary>
    public void At(DateOnly day, int hour = 7) =>
        Time.SetUtcNow(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(hour, 0)), Web.AmsterdamTime.Zone));

    public CommitmentsDbContext Admin() => _database.CreateContext(DataScope.Everything("test"), Time);

    public (ProgressReminderJob Job, CommitmentsDbContext Db) ReminderJob(Func<IEmailOutbox, IEmailOutbox>? wrapOutbox = null)
    {
        var (db, scope) = JobContext();
        IEmailOutbox outbox = new EmailOutbox(db, Time);
        var job = new ProgressReminderJob(db, scope, wrapOutbox?.Invoke(outbox) ?? outbox, Links, Time, NullLogger<ProgressReminderJob>.Instance);
        return (job, db);
    }

    public (WeeklyDigestJob Job, CommitmentsDbContext Db) DigestJob()
    {
        var (db, scope) = JobContext();
        return (new WeeklyDigestJob(db, scope, new EmailOutbox(db, Time), Links, Time, NullLogger<WeeklyDigestJob>.Instance), db);
    }

    private static readonly Web.PublicLinks Links = new(new Uri("https://toezeggingen.techniekpact.nl"));

    /// <summary>A context whose scope is the job's own accessor, as in a Hangfire DI scope without a request.</summary>
    private (CommitmentsDbContext, DataScopeAccessor) JobContext()
    {
        var scope = new DataScopeAccessor(new HttpContextAccessor());
        return (new CommitmentsDbContext(_database.Options(), scope, Time), scope);
    }

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        At(new DateOnly(2026, 1, 5));
        await using var db = Admin();
        await ReferenceDataSeeder.EnsureAsync(db);
        var noord = await db.Regions.SingleAsync(r => r.Code == "noord");
        var zuid = await db.Regions.SingleAsync(r => r.Code == "zuid");
        var cycle = new ReportingCycle { Year = 2026, UpdatesDueOn = DueOn, FreezesOn = new DateOnly(2026, 6, 18), FirstReminderDaysBefore = 14, EscalateDaysAfter = 7 };
        var drenthe = new Organization { Name = "Provincie Drenthe", Type = OrganizationType.Province, RegionId = noord.Id };
        var limburg = new Organization { Name = "Techniekcollege Limburg", Type = OrganizationType.EducationInstitution, RegionId = zuid.Id };
        db.AddRange(cycle, drenthe, limburg);
        await db.SaveChangesAsync();

        db.Users.AddRange(
            new AppUser { UserName = DutchUser, Email = DutchUser, OrganizationId = drenthe.Id, Culture = "nl-NL" },
            new AppUser { UserName = EnglishUser, Email = EnglishUser, OrganizationId = drenthe.Id, Culture = "en-GB" },
            new AppUser { UserName = DigestUser, Email = DigestUser, OrganizationId = drenthe.Id, PrefersWeeklyDigest = true },
            new AppUser { UserName = "oud@drenthe.test", Email = "oud@drenthe.test", OrganizationId = drenthe.Id, DeactivatedAt = new DateTime(2025, 1, 1) },
            new AppUser { UserName = Lead, Email = Lead, RegionId = noord.Id },
            new AppUser { UserName = OtherPartner, Email = OtherPartner, OrganizationId = limburg.Id });
        var commitment = new Commitment
        {
            OrganizationId = drenthe.Id,
            ReportingCycleId = cycle.Id,
            Title = "3/4 van de basisscholen \"Techniek\"",
            Status = CommitmentStatus.Approved,
            ApprovedRevision = 1,
            EndDate = new DateOnly(2027, 12, 31),
            ContactName = "Projectleider",
            ContactEmail = Contact,
        };
        db.Commitments.Add(commitment);
        await db.SaveChangesAsync();
        (CycleId, CommitmentId, OrganizationId) = (cycle.Id, commitment.Id, drenthe.Id);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();
}
