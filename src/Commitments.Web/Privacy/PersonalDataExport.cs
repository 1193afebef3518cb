using System.Text.Json;
using System.Text.Json.Serialization;
using Commitments.Core.Domain;
using Commitments.Core.Identity;
using Commitments.Core.Persistence;
using Commitments.Core.Tenancy;
using Commitments.Web.Identity;
using Commitments.Web.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Privacy;

/// <summary>
/// Everything the application holds about one person (AVG art. 15, right of access), as JSON: the
/// account, its organisation and roles, the history lines written by or about the account, the
/// commitments that name the person as contact, the e-mail sent to the address, invitations and
/// reminders. Every query is filtered on the person's own id or address, never on what a page posts.
/// </summary>
/// <remarks>
/// The person may be named as contact on a commitment outside what their role shows them, and history
/// lines about an account name no organisation; so the export reads with a national, read-only scope,
/// and then only rows about this person.
/// </remarks>
public sealed class PersonalDataExport(CommitmentsDbContext db, DataScopeAccessor scope, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public async Task<byte[]> ExportAsync(string userId, CancellationToken ct)
    {
        using var widened = scope.Widen(DataScope.NationalReadOnly("personal data export of user " + userId));
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId, ct);
        var email = user.NormalizedEmail ?? "";
        var bracketed = "<" + email + ">";

        var organization = user.OrganizationId is { } o
            ? await db.Organizations.AsNoTracking().Where(x => x.Id == o).Select(x => new { x.Id, x.Name, x.KvkNumber }).FirstOrDefaultAsync(ct)
            : null;
        var region = user.RegionId is { } r
            ? await db.Regions.AsNoTracking().Where(x => x.Id == r).Select(x => new { x.Id, x.Name }).FirstOrDefaultAsync(ct)
            : null;
        var roles = await db.UserRoles.Where(ur => ur.UserId == userId)
            .Join(db.Roles, ur => ur.RoleId, role => role.Id, (ur, role) => role.Name).ToListAsync(ct);

        var history = await db.AuditEntries.AsNoTracking()
            .Where(a => a.UserId == userId || (a.EntityType == SecurityEvents.EntityType && a.EntityId == userId))
            .OrderBy(a => a.Id)
            .Select(a => new { a.OccurredAt, a.Action, a.EntityType, a.EntityId, a.Details })
            .ToListAsync(ct);
        var commitments = await db.Commitments.AsNoTracking()
            .Where(c => c.ContactEmail != null && c.ContactEmail.ToUpper() == email)
            .OrderBy(c => c.Id)
            .Select(c => new { c.Id, c.Title, Organization = c.Organization!.Name, Status = c.Status.ToString(), c.ContactName, c.ContactEmail })
            .ToListAsync(ct);
        var messages = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.To.ToUpper() == email || m.To.ToUpper().EndsWith(bracketed))
            .OrderBy(m => m.Id)
            .Select(m => new { m.CreatedAt, m.SentAt, m.To, m.Subject, m.TextBody })
            .ToListAsync(ct);
        var invitations = await db.Invitations.AsNoTracking()
            .Where(i => i.Email.ToUpper() == email)
            .OrderBy(i => i.Id)
            .Select(i => new { i.CreatedAt, i.ExpiresAt, i.AcceptedAt, i.Role })
            .ToListAsync(ct);
        var reminders = await db.ReminderLogs.AsNoTracking()
            .Where(l => l.Recipient.ToUpper() == email)
            .OrderBy(l => l.Id)
            .Select(l => new { l.CommitmentId, l.ReportingCycleId, Kind = l.Kind.ToString(), l.SentAt })
            .ToListAsync(ct);
        var digests = await db.DigestLogs.AsNoTracking()
            .Where(l => l.Recipient.ToUpper() == email)
            .OrderBy(l => l.Id)
            .Select(l => new { l.Kind, l.WeekOf, l.SentAt })
            .ToListAsync(ct);

        var document = new
        {
            about = "Persoonsgegevens in de toezeggingenregistratie van het Techniekpact (AVG artikel 15). / Personal data held by the Techniekpact commitment tracker (GDPR article 15).",
            madeAt = time.GetUtcNow().UtcDateTime,
            account = new
            {
                user.Id, user.Email, user.UserName, user.DisplayName, user.Culture, user.PrefersWeeklyDigest,
                user.EmailConfirmed, user.TwoFactorEnabled, user.LockoutEnd, user.AccessFailedCount, user.DeactivatedAt,
            },
            organization,
            region,
            roles,
            history,
            commitmentsAsContact = commitments,
            messages,
            invitations,
            reminders,
            digests,
        };
        return JsonSerializer.SerializeToUtf8Bytes(document, Json);
    }
}
