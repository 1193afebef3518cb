using System.Net;
using Commitments.Core.Domain;
using Commitments.Tests.Infrastructure;
using Commitments.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Commitments.Tests.Demo;

/// <summary>
/// The demo shows the lifecycle at work on first start: a lead with work waiting, returned, approved and
/// withdrawn commitments, co-partner requests, and a history written as the application writes it.
/// </summary>
public sealed class DemoDataTests(CommitmentsWebFactory app) : IClassFixture<CommitmentsWebFactory>
{
    private static readonly HashSet<string> ActionCodes = typeof(AuditActions).GetFields()
        .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToHashSet();

    [Fact]
    public async Task The_lead_of_Noord_finds_work_waiting_a_revision_among_it_with_real_ages()
    {
        using var lead = await app.SignInAsync(DemoAccounts.TrekkerNoord);
        var (response, page) = await lead.GetPageAsync("/Reviews");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = page.QuerySelectorAll("tbody tr").ToList();
        Assert.Equal(
            [(DemoAccounts.GroningenBusiness, "9"), (DemoAccounts.Drenthe, "2"), (DemoAccounts.Drenthe, "1")],
            rows.Select(r => (r.QuerySelector("td")!.TextContent, r.QuerySelectorAll("td")[^1].TextContent)));
        Assert.Equal("revisie 2", Assert.Single(page.QuerySelectorAll("tbody .revision")).TextContent);
        Assert.Contains("Te beoordelen (3)", page.QuerySelectorAll("nav.main-nav a").Select(a => a.TextContent));
    }

    [Fact]
    public async Task Every_state_is_there_and_approved_content_is_a_real_snapshot()
    {
        await using var db = app.CreateAdminDbContext();
        var all = await db.Commitments.AsNoTracking().AsSplitQuery()
            .Include(c => c.Themes).Include(c => c.CoPartners).Include(c => c.Indicators).Include(c => c.Reviews)
            .ToListAsync();

        Assert.All(Enum.GetValues<CommitmentStatus>(), s => Assert.Contains(all, c => c.Status == s));
        Assert.All(all.Where(c => c.Status == CommitmentStatus.Returned), c =>
        {
            Assert.False(string.IsNullOrWhiteSpace(c.ReturnComment));
            Assert.Equal(c.ReturnComment, c.Reviews.OrderBy(r => r.DecidedAt).Last().Comment);
        });
        Assert.All(all.Where(c => c.Status == CommitmentStatus.Withdrawn), c =>
        {
            Assert.False(string.IsNullOrWhiteSpace(c.WithdrawalReason));
            Assert.NotNull(c.WithdrawnAt);
        });
        // Approval takes the snapshot: for an approved commitment it is exactly its content.
        Assert.All(all.Where(c => c.Status == CommitmentStatus.Approved), c =>
        {
            Assert.Equal(c.Revision, c.ApprovedRevision);
            var snapshot = CommitmentContent.FromJson(c.ApprovedContent)!;
            Assert.Equal(c.Revision, snapshot.Revision);
            Assert.Empty(CommitmentChanges.Between(snapshot, CommitmentContent.Of(c), id => id.ToString()));
            Assert.Contains(c.Reviews, r => r.Decision == ReviewDecision.Approved && r.Revision == c.Revision);
        });
        Assert.All(all.Where(c => c.ApprovedRevision != null), c => Assert.Equal(c.ApprovedRevision, CommitmentContent.FromJson(c.ApprovedContent)!.Revision));
        // A revision in review keeps the approved revision's content beside its own.
        var revision = Assert.Single(all, c => c.IsRevisionInProgress);
        Assert.Equal((CommitmentStatus.Submitted, 2, 1), (revision.Status, revision.Revision, revision.ApprovedRevision));
        Assert.NotEmpty(CommitmentChanges.Between(CommitmentContent.FromJson(revision.ApprovedContent)!, CommitmentContent.Of(revision), id => id.ToString()));
        // What was submitted was SMART, shares included; and it has a contact person.
        Assert.All(all.Where(c => c.Status != CommitmentStatus.Draft), c =>
        {
            Assert.Empty(c.SmartGaps());
            Assert.False(string.IsNullOrWhiteSpace(c.ContactName));
            Assert.False(string.IsNullOrWhiteSpace(c.ContactEmail));
        });
        Assert.Contains(all, c => c.Status == CommitmentStatus.Draft && c.SmartGaps().Count > 0);
    }

    [Fact]
    public async Task Drenthe_has_a_co_partner_request_to_answer_beside_a_confirmed_co_partner()
    {
        await using var db = app.CreateAdminDbContext();
        var requests = await db.Commitments.AsNoTracking().Include(c => c.CoPartners).ThenInclude(p => p.Organization)
            .Where(c => c.CoPartners.Any()).ToListAsync();

        var drenthe = requests.SelectMany(c => c.CoPartners).Where(p => p.Organization!.Name == DemoAccounts.Drenthe).ToList();
        Assert.Contains(drenthe, p => p.Response == CoPartnerResponse.Pending && p.RespondedAt == null);
        Assert.Contains(requests.SelectMany(c => c.CoPartners), p => p.Response == CoPartnerResponse.Confirmed && p.RespondedAt != null);
        Assert.All(requests, c => Assert.Equal(100m, c.LeadSharePercent + c.CoPartners.Sum(p => p.SharePercent)));
    }

    [Fact]
    public async Task Drenthe_sees_the_leads_comment_on_its_returned_commitment()
    {
        await using var db = app.CreateAdminDbContext();
        var returned = await db.Commitments.SingleAsync(c => c.Status == CommitmentStatus.Returned && c.Organization!.Name == DemoAccounts.Drenthe);
        using var partner = await app.SignInAsync(DemoAccounts.PartnerDrenthe);

        var (_, page) = await partner.GetPageAsync($"/Commitments/Details/{returned.Id}");

        Assert.Contains(returned.ReturnComment!, page.Body!.TextContent);
    }

    [Fact]
    public async Task The_history_is_written_with_action_codes_and_structured_details_in_order()
    {
        await using var db = app.CreateAdminDbContext();
        var lines = await db.AuditEntries.AsNoTracking().Where(a => a.EntityType == nameof(Commitment)).ToListAsync();
        var commitments = await db.Commitments.AsNoTracking().Select(c => new { c.Id, c.Status, c.SubmittedAt, c.ReturnComment, c.WithdrawalReason }).ToListAsync();

        Assert.All(lines, a =>
        {
            Assert.Contains(a.Action, ActionCodes);
            Assert.StartsWith("{", a.Details);
            Assert.NotNull(HistoryDetails.Parse(a.Details)!.Revision);
            Assert.NotNull(a.UserName);
        });
        Assert.All(commitments, c =>
        {
            var own = lines.Where(a => a.EntityId == c.Id.ToString()).OrderBy(a => a.OccurredAt).ToList();
            Assert.Equal(AuditActions.CommitmentCreated, own[0].Action);
            if (c.SubmittedAt != null)
            {
                Assert.Equal(c.SubmittedAt, own.Last(a => a.Action == AuditActions.CommitmentSubmitted).OccurredAt);
            }
            if (c.Status == CommitmentStatus.Returned)
            {
                Assert.Equal(c.ReturnComment, HistoryDetails.Parse(own.Last(a => a.Action == AuditActions.CommitmentReturned).Details)!.Comment);
            }
            if (c.Status == CommitmentStatus.Withdrawn)
            {
                Assert.Equal(c.WithdrawalReason, HistoryDetails.Parse(own.Last().Details)!.Reason);
            }
        });
        Assert.Contains(lines, a => a.Action == AuditActions.CommitmentChanged && HistoryDetails.Parse(a.Details)!.Changes is { Count: > 0 });
        Assert.Contains(lines, a => a.Action == AuditActions.CommitmentRevisionStarted);
        Assert.Contains(lines, a => a.Action == AuditActions.CoPartnerConfirmed);
        // Nothing in the history lies in the future.
        Assert.All(lines, a => Assert.True(a.OccurredAt <= app.Time.GetUtcNow().UtcDateTime, $"{a.Action} at {a.OccurredAt:O}"));
    }
}

/// <summary>The demo on a later day: what happens now is dated from today and belongs to today's cycle.</summary>
public sealed class DemoDataTodayTests(DemoDataTodayTests.LaterFactory app) : IClassFixture<DemoDataTodayTests.LaterFactory>
{
    /// <summary>The application started on 10 March 2026, 10:00 in Amsterdam.</summary>
    public sealed class LaterFactory : CommitmentsWebFactory
    {
        public LaterFactory() => Time.SetUtcNow(new DateTimeOffset(2026, 3, 10, 9, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task The_queue_ages_are_counted_from_today_and_the_open_cycle_is_this_years()
    {
        using var lead = await app.SignInAsync(DemoAccounts.TrekkerNoord);

        var (_, queue) = await lead.GetPageAsync("/Reviews");
        Assert.Equal(["01-03-2026", "08-03-2026", "09-03-2026"], queue.QuerySelectorAll("tbody tr").Select(r => r.QuerySelectorAll("td")[^2].TextContent));
        Assert.Equal(["9", "2", "1"], queue.QuerySelectorAll("tbody tr").Select(r => r.QuerySelectorAll("td")[^1].TextContent));

        var (_, overview) = await lead.GetPageAsync("/Regions/Overview");
        Assert.Equal("7 van de 9 partners hebben in rapportagejaar 2026 nog niets geregistreerd.", overview.QuerySelector("p[role=status]")!.TextContent);

        await using var db = app.CreateAdminDbContext();
        Assert.Equal([2018, 2019, 2020, 2026], await db.ReportingCycles.OrderBy(c => c.Year).Select(c => c.Year).ToListAsync());
        // The 2018 history keeps its dates.
        var promotion = await db.Commitments.SingleAsync(c => c.Title == "Techniekpromotie op 3/4 van de basisscholen");
        Assert.Equal(new DateTime(2018, 6, 1), AmsterdamTime.ToAmsterdam(promotion.ApprovedAt!.Value).Date);
        Assert.Equal(new DateTime(2018, 5, 15), AmsterdamTime.ToAmsterdam(promotion.SubmittedAt!.Value).Date);
    }
}
