using System.Globalization;
using System.Text;
using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Core.Tenancy;
using Commitments.Web.Email;
using Commitments.Web.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Reminders;

/// <summary>
/// Monday 07:00 (Europe/Amsterdam): each regional lead gets its review queue and who has not reported
/// yet; each partner user who chose the weekly digest gets its organisation's missing updates instead of
/// separate reminders. At most one digest per recipient per week (<see cref="DigestLog"/>'s unique key,
/// written in the same transaction as the mail). A fixed number of queries whatever the data size.
/// </summary>
public sealed class WeeklyDigestJob(
    CommitmentsDbContext db,
    DataScopeAccessor scope,
    IEmailOutbox outbox,
    PublicLinks links,
    TimeProvider time,
    ILogger<WeeklyDigestJob> logger)
{
    public const string RecurringJobId = "weekly-digests";
    public const string Cron = "0 7 * * 1";
    public const string LeadDigest = "lead-weekly";
    public const string PartnerDigest = "partner-weekly";

    /// <summary>Titles listed per section of a digest; the rest is counted and linked.</summary>
    private const int ListedPerSection = 25;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var widened = scope.Widen(DataScope.Everything("weekly digest job"));
        var today = DateOnly.FromDateTime(AmsterdamTime.Now(time));
        var week = ReminderLadder.WeekOf(today);
        var cycle = await ProgressReminderJob.OpenCycle(db, today).AsNoTracking().FirstOrDefaultAsync(cancellationToken);

        var sentThisWeek = (await db.DigestLogs.AsNoTracking().Where(l => l.WeekOf == week)
            .Select(l => new { l.Recipient, l.Kind }).ToListAsync(cancellationToken))
            .Select(l => (l.Recipient, l.Kind)).ToHashSet();

        var submitted = await db.Commitments.AsNoTracking()
            .Where(c => c.Status == CommitmentStatus.Submitted)
            .OrderBy(c => c.SubmittedAt)
            .Select(c => new Item(c.Organization!.RegionId, c.OrganizationId, c.Organization.Name, c.Title))
            .ToListAsync(cancellationToken);
        var missing = cycle == null
            ? []
            : await ProgressReminderJob.MissingUpdates(db, cycle)
                .OrderBy(c => c.Organization!.Name).ThenBy(c => c.Title)
                .Select(c => new Item(c.Organization!.RegionId, c.OrganizationId, c.Organization.Name, c.Title))
                .ToListAsync(cancellationToken);
        var leads = await db.Users.AsNoTracking()
            .Where(u => u.DeactivatedAt == null && u.Email != null && u.RegionId != null && u.OrganizationId == null)
            .Select(u => new { RegionId = u.RegionId!.Value, Region = db.Regions.Where(r => r.Id == u.RegionId).Select(r => r.Name).FirstOrDefault(), Email = u.Email!, u.Culture })
            .ToListAsync(cancellationToken);
        var partners = await db.Users.AsNoTracking()
            .Where(u => u.DeactivatedAt == null && u.Email != null && u.OrganizationId != null && u.PrefersWeeklyDigest)
            .Select(u => new { OrganizationId = u.OrganizationId!.Value, Email = u.Email!, u.Culture })
            .ToListAsync(cancellationToken);

        var now = time.GetUtcNow().UtcDateTime;
        // Dates in the recipient's language: 30-11-2026 or 30/11/2026 (UiFormat).
        string Due(string? culture) => cycle?.UpdatesDueOn.Date(UiFormat.For(culture)) ?? "";
        var year = cycle?.Year.ToString(CultureInfo.InvariantCulture) ?? "";
        var sent = 0;
        await db.InTransactionAsync(async token =>
        {
            db.ChangeTracker.Clear();
            sent = 0;
            foreach (var lead in leads.Where(l => MailAddresses.TryParse(l.Email, out _)))
            {
                var recipient = lead.Email.Trim().ToLowerInvariant();
                if (sentThisWeek.Contains((recipient, LeadDigest)))
                {
                    continue;
                }
                var reviews = submitted.Where(i => i.RegionId == lead.RegionId).ToList();
                var open = missing.Where(i => i.RegionId == lead.RegionId).ToList();
                Send(recipient, LeadDigest, "digest-lead", lead.Culture, new Dictionary<string, string>
                {
                    ["region"] = lead.Region ?? "",
                    ["week"] = week.Date(UiFormat.For(lead.Culture)),
                    ["reviewCount"] = reviews.Count.ToString(CultureInfo.InvariantCulture),
                    ["reviews"] = List(reviews),
                    ["missingCount"] = open.Count.ToString(CultureInfo.InvariantCulture),
                    ["missing"] = List(open),
                    ["year"] = year,
                    ["due"] = Due(lead.Culture),
                    ["reviewLink"] = links.To("/Reviews"),
                    ["missingLink"] = links.To("/Progress/NotReported"),
                });
            }
            foreach (var partner in partners.Where(p => MailAddresses.TryParse(p.Email, out _)))
            {
                var recipient = partner.Email.Trim().ToLowerInvariant();
                var open = missing.Where(i => i.OrganizationId == partner.OrganizationId).ToList();
                if (open.Count == 0 || sentThisWeek.Contains((recipient, PartnerDigest)))
                {
                    continue;
                }
                Send(recipient, PartnerDigest, "digest-partner", partner.Culture, new Dictionary<string, string>
                {
                    ["organization"] = open[0].Organization,
                    ["missingCount"] = open.Count.ToString(CultureInfo.InvariantCulture),
                    ["missing"] = List(open),
                    ["year"] = year,
                    ["due"] = Due(partner.Culture),
                });
            }
            await db.SaveChangesAsync(token);
            return sent;
        }, cancellationToken);
        db.ChangeTracker.Clear();
        logger.LogInformation("Weekly digests of the week of {Week}: {Sent} queued.", week, sent);
        return sent;

        void Send(string recipient, string kind, string template, string culture, Dictionary<string, string> values)
        {
            db.DigestLogs.Add(new DigestLog { Recipient = recipient, Kind = kind, WeekOf = week, SentAt = now });
            var (subject, body) = MailTemplates.Render(template, culture, values);
            outbox.Enqueue(recipient, subject, body);
            sent++;
        }
    }

    private static string List(IReadOnlyList<Item> items)
    {
        if (items.Count == 0)
        {
            return "-";
        }
        var text = new StringBuilder();
        foreach (var item in items.Take(ListedPerSection))
        {
            text.Append("- ").Append(item.Title).Append(" (").Append(item.Organization).Append(")\n");
        }
        if (items.Count > ListedPerSection)
        {
            text.Append("- … +").Append((items.Count - ListedPerSection).ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        return text.ToString().TrimEnd('\n');
    }

    private sealed record Item(int RegionId, int OrganizationId, string Organization, string Title);
}
