using System.Text.Json;
using Commitments.Core.Domain;
using Commitments.Core.Identity;
using Commitments.Core.Persistence;
using Commitments.Web.Identity;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Privacy;

/// <summary>
/// Anonymises a departed person's account (AVG art. 17): the name and address disappear everywhere
/// the application keeps them, the account can never sign in again, and what the person did stays in
/// the history under a neutral name, so commitments, reviews and reports remain whole and readable.
/// The account row itself stays: reviews, history lines and invitations refer to its id.
/// </summary>
/// <remarks>
/// Administrators only (the page's policy; the tenancy guard refuses account changes by anyone else).
/// The history is append-only for everyone else; replacing a person's name and address in it is the
/// one change allowed, done here with set-based updates, in one transaction with the account.
/// Frozen annual reports are files that never change (ADR on reporting): a name in one stays there.
/// </remarks>
public sealed class AccountAnonymizer(CommitmentsDbContext db, TimeProvider time)
{
    public const string AnonymousName = "Geanonimiseerde gebruiker";
    public const string AnonymousContactName = "Geanonimiseerd contactpersoon";
    public const string AnonymousDomain = "verwijderd.invalid";

    public static bool IsAnonymised(AppUser user) =>
        user.Email?.EndsWith("@" + AnonymousDomain, StringComparison.OrdinalIgnoreCase) == true;

    public sealed record Outcome(int Commitments, int HistoryLines, int Messages);

    /// <returns>Null when there is no such account or it was anonymised already.</returns>
    public async Task<Outcome?> AnonymiseAsync(string userId, System.Security.Claims.ClaimsPrincipal administrator, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, token);
            if (user == null || IsAnonymised(user))
            {
                return null;
            }
            var oldEmail = user.Email ?? "";
            var oldUpper = oldEmail.ToUpperInvariant();
            var oldName = user.DisplayName;
            var newEmail = $"geanonimiseerd-{userId[..Math.Min(8, userId.Length)]}@{AnonymousDomain}".ToLowerInvariant();
            var now = time.GetUtcNow().UtcDateTime;

            user.Email = newEmail;
            user.UserName = newEmail;
            user.NormalizedEmail = newEmail.ToUpperInvariant();
            user.NormalizedUserName = newEmail.ToUpperInvariant();
            user.DisplayName = AnonymousName;
            user.EmailConfirmed = false;
            user.PhoneNumber = null;
            user.PhoneNumberConfirmed = false;
            user.PasswordHash = null;
            user.TwoFactorEnabled = false;
            user.LockoutEnabled = true;
            user.LockoutEnd = DateTimeOffset.MaxValue;
            user.DeactivatedAt ??= now;
            user.PrefersWeeklyDigest = false;
            user.SecurityStamp = Guid.NewGuid().ToString("N"); // ends every session at its next check
            user.ConcurrencyStamp = Guid.NewGuid().ToString();
            await db.UserTokens.Where(t => t.UserId == userId).ExecuteDeleteAsync(token);
            await db.UserLogins.Where(t => t.UserId == userId).ExecuteDeleteAsync(token);
            await db.UserClaims.Where(t => t.UserId == userId).ExecuteDeleteAsync(token);

            // Commitments that name the person as contact: the contact is gone; the partner names a new one.
            var commitmentIds = await db.Commitments.IgnoreQueryFilters()
                .Where(c => c.ContactEmail != null && c.ContactEmail.ToUpper() == oldUpper)
                .Select(c => c.Id).ToListAsync(token);
            await db.Commitments.IgnoreQueryFilters().Where(c => commitmentIds.Contains(c.Id)).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.ContactEmail, (string?)null)
                .SetProperty(c => c.ContactName, AnonymousContactName), token);
            // The approved version and the history keep the old values as JSON text: replace them there too.
            foreach (var (from, to) in Replacements(oldEmail, oldName))
            {
                await db.Commitments.IgnoreQueryFilters()
                    .Where(c => commitmentIds.Contains(c.Id) && c.ApprovedContent != null && c.ApprovedContent.Contains(from))
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.ApprovedContent, c => c.ApprovedContent!.Replace(from, to)), token);
            }
            var commitmentKeys = commitmentIds.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            var lines = await db.AuditEntries.IgnoreQueryFilters().Where(a => a.UserId == userId)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.UserName, AnonymousName), token);
            foreach (var (from, to) in Replacements(oldEmail, oldName))
            {
                // The address anywhere in the history; the name only in lines about this account or its commitments,
                // where it cannot be part of someone else's text by chance.
                var isAddress = from.Contains('@');
                lines += await db.AuditEntries.IgnoreQueryFilters()
                    .Where(a => a.Details != null && a.Details.Contains(from)
                                && (isAddress || a.UserId == userId
                                    || (a.EntityType == SecurityEvents.EntityType && a.EntityId == userId)
                                    || (a.EntityType == nameof(Commitment) && commitmentKeys.Contains(a.EntityId!))))
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.Details, a => a.Details!.Replace(from, to)), token);
            }

            // Mail: what was not sent yet is not sent any more; what was sent keeps its subject and time.
            var bracketed = "<" + oldUpper + ">";
            var messages = await db.OutboxMessages
                .Where(m => m.SentAt == null && (m.To.ToUpper() == oldUpper || m.To.ToUpper().EndsWith(bracketed)))
                .ExecuteDeleteAsync(token);
            messages += await db.OutboxMessages
                .Where(m => m.To.ToUpper() == oldUpper || m.To.ToUpper().EndsWith(bracketed))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.To, newEmail).SetProperty(m => m.TextBody, Email.OutboxDispatcher.RedactedBody).SetProperty(m => m.HtmlBody, (string?)null), token);
            await db.ReminderLogs.IgnoreQueryFilters().Where(l => l.Recipient.ToUpper() == oldUpper)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.Recipient, newEmail), token);
            await db.DigestLogs.Where(l => l.Recipient.ToUpper() == oldUpper)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.Recipient, newEmail), token);
            await db.Invitations.IgnoreQueryFilters().Where(i => i.Email.ToUpper() == oldUpper)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Email, newEmail), token);

            db.Audit(administrator, AuditActions.AccountAnonymised, SecurityEvents.EntityType, userId, null,
                $"{{\"commitments\":{commitmentIds.Count}}}");
            await db.SaveChangesAsync(token);
            await transaction.CommitAsync(token);
            return new Outcome(commitmentIds.Count, lines, messages);
        }, ct);
    }

    /// <summary>The person's address and name as typed and as JSON writes them (é becomes \u00e9), each with its replacement.</summary>
    private static IEnumerable<(string From, string To)> Replacements(string email, string? name)
    {
        var pairs = new List<(string, string)>();
        void Add(string from, string to)
        {
            if (from.Length > 0 && !pairs.Any(p => p.Item1 == from))
            {
                pairs.Add((from, to));
            }
        }
        if (email.Length > 0)
        {
            Add(email, AnonymousName);
            Add(JsonEncodedText.Encode(email).ToString(), AnonymousName);
        }
        // A very short name ("Jan") could match inside other words; names are replaced from four characters.
        if (name is { Length: >= 4 })
        {
            Add(name, AnonymousName);
            Add(JsonEncodedText.Encode(name).ToString(), AnonymousName);
        }
        return pairs;
    }
}
