using System.Globalization;
using Commitments.Core.Domain;
using Commitments.Core.Persistence;
using Commitments.Web.Email;
using Microsoft.EntityFrameworkCore;

namespace Commitments.Web.Progress;

/// <summary>
/// Tells the right people about a step of a progress update, through the outbox (the mail goes out
/// with the change, or not at all): a submission goes to the region's lead(s), a decision to the lead
/// partner's users. Each mail is in the recipient's own language and links to the page to act on.
/// The caller saves.
/// </summary>
public sealed class ProgressNotifications(CommitmentsDbContext db, IEmailOutbox outbox, PublicLinks links)
{
    public async Task SubmittedAsync(Commitment c, int year, string organizationName, int regionId, CancellationToken ct)
    {
        // Regional leads are the accounts anchored to a region (partners are anchored to an organisation).
        var leads = await db.Users.AsNoTracking()
            .Where(u => u.RegionId == regionId && u.OrganizationId == null && u.DeactivatedAt == null && u.Email != null)
            .Select(u => new Recipient(u.Email!, u.Culture))
            .ToListAsync(ct);
        // To the update page (known before the update has an id), which offers the lead the review.
        Send(leads, "progress-submitted", c, year, $"/Progress/Update/{c.Id}",
            new() { ["organization"] = organizationName });
    }

    public async Task DecidedAsync(Commitment c, int year, ReviewDecision decision, string? comment, CancellationToken ct)
    {
        var users = await db.Users.AsNoTracking()
            .Where(u => u.OrganizationId == c.OrganizationId && u.DeactivatedAt == null && u.Email != null)
            .Select(u => new Recipient(u.Email!, u.Culture))
            .ToListAsync(ct);
        Send(users, decision == ReviewDecision.Approved ? "progress-approved" : "progress-returned", c, year,
            $"/Progress/Update/{c.Id}", new() { ["comment"] = comment ?? "" });
    }

    private void Send(IEnumerable<Recipient> recipients, string template, Commitment c, int year, string path, Dictionary<string, string> values)
    {
        values["title"] = c.Title;
        values["year"] = year.ToString(CultureInfo.InvariantCulture);
        values["link"] = links.To(path);
        foreach (var recipient in recipients.DistinctBy(r => r.Email.ToUpperInvariant()))
        {
            var (subject, body) = MailTemplates.Render(template, recipient.Culture, values);
            outbox.Enqueue(recipient.Email, subject, body);
        }
    }

    private sealed record Recipient(string Email, string Culture);
}
