using Commitments.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Tests.Reminders;

/// <summary>The Monday digest: the lead's queue and who has not reported, and the partner digest for those who chose it; once a week.</summary>
public sealed class WeeklyDigestJobTests : IAsyncLifetime
{
    private readonly ReminderTestWorld _world = new();

    public Task InitializeAsync() => _world.InitializeAsync();

    public Task DisposeAsync() => _world.DisposeAsync();

    private async Task<int> RunAsync()
    {
        var (job, db) = _world.DigestJob();
        await using (db)
        {
            return await job.RunAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task The_lead_and_the_partner_who_chose_it_get_one_digest_a_week()
    {
        await using (var db = _world.Admin())
        {
            var submitted = new Commitment
            {
                OrganizationId = _world.OrganizationId, ReportingCycleId = _world.CycleId, Title = "Wacht op beoordeling",
                Status = CommitmentStatus.Submitted, SubmittedAt = new DateTime(2026, 4, 1, 8, 0, 0, DateTimeKind.Utc),
            };
            db.Commitments.Add(submitted);
            await db.SaveChangesAsync();
        }

        _world.At(new DateOnly(2026, 4, 6)); // a Monday
        Assert.Equal(2, await RunAsync());
        Assert.Equal(0, await RunAsync());
        _world.At(new DateOnly(2026, 4, 8)); // same week
        Assert.Equal(0, await RunAsync());

        await using var check = _world.Admin();
        var mail = await check.OutboxMessages.OrderBy(m => m.Id).ToListAsync();
        var lead = mail.Single(m => m.To == ReminderTestWorld.Lead);
        Assert.Contains("1 te beoordelen, 1 niet gerapporteerd", lead.Subject);
        Assert.Contains("- Wacht op beoordeling (Provincie Drenthe)", lead.TextBody);
        Assert.Contains("- 3/4 van de basisscholen \"Techniek\" (Provincie Drenthe)", lead.TextBody);
        var partner = mail.Single(m => m.To == ReminderTestWorld.DigestUser);
        Assert.Contains("31-03-2026", partner.TextBody);
        Assert.Equal(2, await check.DigestLogs.CountAsync());

        _world.At(new DateOnly(2026, 4, 13)); // the next week
        Assert.Equal(2, await RunAsync());
    }
}
